using System.IO.Compression;
using System.Text;
using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Tests.Support;

/// <summary>One hostile file named .xlsx: how it is refused and a phrase its reason must contain.</summary>
public sealed record HostileWorkbook(string Path, Refusal Refusal, string Reason);

/// <summary>
/// The hostile workbooks of the findings (issue 12), by name, for the loader, the guard and the
/// upload tests alike. Every one is written into a temp folder in well under a second.
/// </summary>
public static class HostileWorkbooks
{
    private const string Laughs = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        """;

    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });

    public static HostileWorkbook Write(string name, TempFolder folder) =>
        All[name](folder.File(new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()) + ".xlsx"));

    private static readonly Dictionary<string, Func<string, HostileWorkbook>> All = new(StringComparer.Ordinal)
    {
        // The reported one: some 15 MB on disk (rows of a household repeated, about 190:1), 3 GiB of sheet once expanded.
        ["15 MB expanding to 3 GB"] = path =>
            new(CraftedXlsx.Bomb(path, 3L << 30), Refusal.TooLarge, "zip bomb"),
        ["thousands of entries"] = path =>
        {
            var zip = CraftedXlsx.Parts();
            for (var i = 0; i < 5_000; i++) zip.Stored($"xl/media/p{i}.bin", [(byte)i]);
            return new(zip.Save(path), Refusal.TooLarge, "5005 entries");
        },
        // Fifield's "better zip bomb": many directory entries over the same compressed bytes, each a bomb.
        ["overlapping entries"] = path =>
        {
            var kernel = Path.ChangeExtension(path, ".kernel");
            CraftedXlsx.Bomb(kernel, 64L << 20);
            using var source = ZipFile.OpenRead(kernel);
            var zip = CraftedXlsx.Parts(new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = null });
            var sheet = source.GetEntry("xl/worksheets/sheet1.xml")!;
            var raw = RawBytes(kernel, sheet);
            zip.Raw("xl/worksheets/sheet1.xml", raw.Length, sheet.Length, 0, s =>
            {
                s.Write(raw);
                return raw.Length;
            });
            for (var i = 2; i <= 900; i++) zip.Alias($"xl/worksheets/sheet{i}.xml", "xl/worksheets/sheet1.xml");
            return new(zip.Save(path), Refusal.TooLarge, "zip bomb");
        },
        // The same trick with entries that do not compress: no ratio to catch, only the overlap.
        ["overlapping stored entries"] = path =>
        {
            var noise = new byte[1 << 20];
            new Random(3).NextBytes(noise);
            var zip = CraftedXlsx.Parts().Stored("xl/media/image1.png", noise);
            for (var i = 2; i <= 300; i++) zip.Alias($"xl/media/image{i}.png", "xl/media/image1.png");
            return new(zip.Save(path), Refusal.Malformed, "overlap");
        },
        // 42.zip's layers: a zip of zips (stored, as compressed data does not compress), each holding a bomb; no workbook inside.
        ["nested zip bomb"] = path =>
        {
            var inner = Path.ChangeExtension(path, ".inner");
            CraftedXlsx.Bomb(inner, 64L << 20);
            var bytes = File.ReadAllBytes(inner);
            var zip = new CraftedZip();
            for (var i = 0; i < 16; i++) zip.Stored($"{i}.zip", bytes);
            return new(zip.Save(path), Refusal.Malformed, "not an Excel workbook");
        },
        ["billion laughs in the shared strings"] = path => Laughing(path, "xl/sharedStrings.xml", $"""<sst xmlns="{CraftedXlsx.Namespace}"><si><t>&lol9;</t></si></sst>"""),
        ["billion laughs in the sheet"] = path => Laughing(path, "xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{CraftedXlsx.Namespace}"><sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""),
        ["billion laughs in the workbook"] = path => Laughing(path, "xl/workbook.xml", CraftedXlsx.Workbook.Replace("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""", "", StringComparison.Ordinal).Replace("Sheet1", "&lol9;", StringComparison.Ordinal)),
        ["billion laughs in the content types"] = path => Laughing(path, "[Content_Types].xml", CraftedXlsx.ContentTypes.Replace("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""", "", StringComparison.Ordinal)),
        ["external entity to /etc/passwd"] = path => new(CraftedXlsx.Parts(new Dictionary<string, string?>
        {
            ["xl/worksheets/sheet1.xml"] = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <worksheet xmlns="{CraftedXlsx.Namespace}"><sheetData><row><c t="inlineStr"><is><t>ward_code</t></is></c></row><row><c t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>
                """,
        }).Save(path), Refusal.Malformed, "DTD"),
        // The DTD check reads the part as the XML reader would: UTF-16 hides nothing.
        ["DTD in UTF-16"] = path =>
        {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + Laughs[(Laughs.IndexOf('\n', StringComparison.Ordinal) + 1)..] +
                      $"""<sst xmlns="{CraftedXlsx.Namespace}"><si><t>&lol9;</t></si></sst>""";
            return new(CraftedXlsx.Parts().Stored("xl/sharedStrings.xml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)]).Save(path),
                Refusal.Malformed, "DTD");
        },
        ["truncated zip"] = path =>
        {
            var whole = Sound(Path.ChangeExtension(path, ".whole.xlsx"), 200);
            var bytes = File.ReadAllBytes(whole);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            return new(path, Refusal.Malformed, "damaged or cut short");
        },
        ["corrupt sheet data"] = path =>
        {
            var garbage = new byte[4096];
            new Random(5).NextBytes(garbage);
            return new(CraftedXlsx.Parts(new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = null })
                .Raw("xl/worksheets/sheet1.xml", garbage.Length, 20_000, 0, s =>
                {
                    s.Write(garbage);
                    return garbage.Length;
                }).Save(path), Refusal.Malformed, "sheet1.xml");
        },
        ["a sheet lying about its size"] = path => new(CraftedXlsx.Bomb(path, 256L << 20, declare: 200_000), Refusal.Malformed, "cannot be read"),
        ["not a zip"] = path =>
        {
            File.WriteAllText(path, string.Join(",", SnapshotRow.Columns) + "\n");
            return new(path, Refusal.Malformed, "not an XLSX file");
        },
        ["password-protected"] = path =>
        {
            File.WriteAllBytes(path, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4088]]);
            return new(path, Refusal.Malformed, "password");
        },
        ["twin entries"] = path => new(CraftedXlsx.Parts().Deflated("XL/WORKBOOK.XML", CraftedXlsx.Workbook).Save(path), Refusal.Malformed, "appears twice"),
        ["a prolog longer than 64 KB"] = path => new(CraftedXlsx.Parts(new Dictionary<string, string?>
        {
            ["xl/worksheets/sheet1.xml"] = "<?xml version=\"1.0\"?>" + string.Concat(Enumerable.Repeat("<!-- padding -->", 5_000)) + CraftedXlsx.Sheet("DISU", 1)[CraftedXlsx.SheetStart.IndexOf("<worksheet", StringComparison.Ordinal)..],
        }).Save(path), Refusal.Malformed, "first element"),
    };

    /// <summary>A workbook MiniExcel writes, of <paramref name="rows"/> households of ward DISU.</summary>
    public static string Sound(string path, int rows = 3)
    {
        var sheet = Enumerable.Range(0, rows)
            .Select(i => SnapshotRow.Columns.ToDictionary(c => c, c => (object?)new SnapshotRow($"DISU-{i:D3}", 2025).Cells[c]))
            .ToList();
        MiniExcelLibs.MiniExcel.SaveAs(path, sheet, overwriteFile: true);
        return path;
    }

    private static HostileWorkbook Laughing(string path, string part, string root) =>
        new(CraftedXlsx.Parts(new Dictionary<string, string?> { [part] = Laughs + root }).Save(path), Refusal.Malformed, "DTD");

    /// <summary>An entry's compressed bytes as they stand in the file (after its local header).</summary>
    private static byte[] RawBytes(string zipPath, ZipArchiveEntry entry)
    {
        // CraftedXlsx puts the sheet last of the parts; its compressed bytes end where the directory starts.
        var bytes = File.ReadAllBytes(zipPath);
        var name = Encoding.UTF8.GetBytes(entry.FullName);
        var at = bytes.AsSpan().IndexOf(name) - 30;
        var compressed = BitConverter.ToUInt32(bytes, at + 18);
        return bytes.AsSpan(at + 30 + name.Length, (int)compressed).ToArray();
    }
}
