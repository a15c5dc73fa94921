using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// Writes zip archives byte by byte, so that a test can say what .NET's writer never would:
/// sizes that lie, entries sharing their bytes, deflate data repeated to gigabytes without
/// compressing gigabytes. No zip64: every size stays under 4 GiB.
/// </summary>
public sealed class CraftedZip
{
    private sealed record Entry(string Name, byte[]? Data, long DataLength, ushort Method, long Declared, uint Crc, Func<Stream, long>? Writer, string? AliasOf);

    private readonly List<Entry> entries = [];

    public CraftedZip Stored(string name, byte[] data) => Add(new Entry(name, data, data.Length, 0, data.Length, Crc32.Of(data), null, null));

    public CraftedZip Deflated(string name, byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(data);
        return Add(new Entry(name, buffer.ToArray(), buffer.Length, 8, data.Length, Crc32.Of(data), null, null));
    }

    public CraftedZip Deflated(string name, string text) => Deflated(name, Encoding.UTF8.GetBytes(text));

    /// <summary>Deflate data written by <paramref name="writer"/> (returning its length), declared to expand to <paramref name="declared"/> bytes with that CRC.</summary>
    public CraftedZip Raw(string name, long compressedLength, long declared, uint crc, Func<Stream, long> writer) =>
        Add(new Entry(name, null, compressedLength, 8, declared, crc, writer, null));

    /// <summary>An entry of the directory pointing at the bytes of <paramref name="of"/>: the overlapping-entry bomb's trick.</summary>
    public CraftedZip Alias(string name, string of) => Add(new Entry(name, null, 0, 0, 0, 0, null, of));

    private CraftedZip Add(Entry entry)
    {
        entries.Add(entry);
        return this;
    }

    public string Save(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        var offsets = new Dictionary<string, (long Offset, Entry Entry)>(StringComparer.Ordinal);
        Span<byte> local = stackalloc byte[30];
        Span<byte> central = stackalloc byte[46];
        foreach (var entry in entries.Where(e => e.AliasOf is null))
        {
            var offset = file.Position;
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var header = local;
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(header[8..], entry.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(header[12..], 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(header[14..], entry.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[18..], checked((uint)entry.DataLength));
            BinaryPrimitives.WriteUInt32LittleEndian(header[22..], checked((uint)entry.Declared));
            BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)name.Length);
            file.Write(header);
            file.Write(name);
            if (entry.Writer is not null)
            {
                var written = entry.Writer(file);
                if (written != entry.DataLength) throw new InvalidOperationException($"{entry.Name}: {written} bytes written, {entry.DataLength} declared");
            }
            else file.Write(entry.Data);
            offsets[entry.Name] = (offset, entry);
        }
        var directory = file.Position;
        foreach (var listed in entries)
        {
            var (offset, entry) = offsets[listed.AliasOf ?? listed.Name];
            var name = Encoding.UTF8.GetBytes(listed.Name);
            var header = central;
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0x0800);
            BinaryPrimitives.WriteUInt16LittleEndian(header[10..], entry.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(header[14..], 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], entry.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], checked((uint)entry.DataLength));
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], checked((uint)entry.Declared));
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], checked((uint)offset));
            file.Write(header);
            file.Write(name);
        }
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], checked((ushort)entries.Count));
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], checked((ushort)entries.Count));
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], checked((uint)(file.Position - directory)));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], checked((uint)directory));
        file.Write(end);
        return path;
    }
}

/// <summary>Workbooks, sound and hostile, from the parts MiniExcel reads.</summary>
public static class CraftedXlsx
{
    public const string Namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public const string ContentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
        """;

    public const string Workbook = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="{Namespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
        """;

    public const string WorkbookRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
        """;

    public const string RootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """;

    /// <summary>The XML declaration and the worksheet's opening, as a sheet part starts.</summary>
    public const string SheetStart = $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{Namespace}"><sheetData>""";

    public const string SheetEnd = "</sheetData></worksheet>";

    /// <summary>One row of inline-string cells without cell addresses (so MiniExcel sizes the sheet by reading all of it).</summary>
    public static string Row(params string[] cells) =>
        "<row>" + string.Concat(cells.Select(c => $"<c t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(c)}</t></is></c>")) + "</row>";

    /// <summary>A snapshot header row and one row per household of <paramref name="ward"/>.</summary>
    public static string Sheet(string ward, int rows) =>
        SheetStart + Row(SnapshotRow.Columns) +
        string.Concat(Enumerable.Range(0, rows).Select(i =>
        {
            var row = new SnapshotRow($"{ward}-{i:D3}", 2025).InWard(ward, "Phường " + ward);
            return Row(SnapshotRow.Columns.Select(c => row.Cells[c]).ToArray());
        })) +
        SheetEnd;

    /// <summary>A workbook with the given parts (name → XML) over the minimal ones; a part given as null is left out.</summary>
    public static CraftedZip Parts(IReadOnlyDictionary<string, string?>? parts = null, string? sheet = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["[Content_Types].xml"] = ContentTypes,
            ["_rels/.rels"] = RootRels,
            ["xl/workbook.xml"] = Workbook,
            ["xl/_rels/workbook.xml.rels"] = WorkbookRels,
            ["xl/worksheets/sheet1.xml"] = sheet ?? Sheet("DISU", 3),
        };
        foreach (var (name, xml) in parts ?? new Dictionary<string, string?>()) all[name] = xml;
        var zip = new CraftedZip();
        foreach (var (name, xml) in all)
            if (xml is not null) zip.Deflated(name, xml);
        return zip;
    }

    /// <summary>
    /// A workbook whose first sheet expands to <paramref name="expanded"/> bytes (a header row, then
    /// the same row over and over), compressed about 190:1 — as the reported bomb, a 15 MB file
    /// expanding to 3 GB. <paramref name="padding"/> bytes of random data (a "picture", stored) make
    /// the file as large as wanted. The sheet's CRC is only right when the sheet is small enough to
    /// compute it here (<paramref name="exactCrc"/>). <paramref name="declare"/> makes the sheet lie about its size.
    /// </summary>
    public static string Bomb(string path, long expanded, long padding = 0, bool exactCrc = false, long? declare = null)
    {
        var prefix = Encoding.UTF8.GetBytes(SheetStart + Row(SnapshotRow.Columns));
        var suffix = Encoding.UTF8.GetBytes(SheetEnd);
        var unit = Encoding.UTF8.GetBytes(Row(SnapshotRow.Columns.Select(c => new SnapshotRow("DISU-001", 2025).Cells[c]).ToArray()));
        var chunkPlain = new byte[unit.Length * Math.Max(1, (1 << 20) / unit.Length)];
        for (var at = 0; at < chunkPlain.Length; at += unit.Length) unit.CopyTo(chunkPlain, at);
        var repeats = (expanded - prefix.Length - suffix.Length) / chunkPlain.Length;
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(expanded), "a bomb expands to at least 1 MiB");
        var chunk = SyncFlushed(chunkPlain);
        var declared = prefix.Length + repeats * chunkPlain.Length + suffix.Length;
        var compressed = StoredBlock(prefix, final: false).Length + repeats * chunk.Length + StoredBlock(suffix, final: true).Length;
        uint crc = 0;
        if (exactCrc)
        {
            var sum = new Crc32();
            sum.Append(prefix);
            for (var i = 0; i < repeats; i++) sum.Append(chunkPlain);
            sum.Append(suffix);
            crc = sum.Value;
        }
        var zip = Parts(new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = null })
            .Raw("xl/worksheets/sheet1.xml", compressed, declare ?? declared, crc, stream =>
            {
                var start = stream.Position;
                stream.Write(StoredBlock(prefix, final: false));
                for (var i = 0; i < repeats; i++) stream.Write(chunk);
                stream.Write(StoredBlock(suffix, final: true));
                return stream.Position - start;
            });
        if (padding > 0)
        {
            var noise = new byte[padding];
            new Random(12).NextBytes(noise);
            zip.Stored("xl/media/image1.png", noise);
        }
        return zip.Save(path);
    }

    /// <summary>
    /// Deflate data of <paramref name="data"/> ending in a sync flush: byte-aligned, not final, and
    /// referring to nothing before its own start, so copies of it may follow one another.
    /// </summary>
    private static byte[] SyncFlushed(byte[] data)
    {
        using var buffer = new MemoryStream();
        using var deflate = new DeflateStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true);
        deflate.Write(data);
        deflate.Flush();
        var bytes = buffer.ToArray();
        if (bytes.Length < 4 || !bytes.AsSpan(bytes.Length - 4).SequenceEqual(new byte[] { 0, 0, 0xFF, 0xFF }))
            throw new InvalidOperationException("DeflateStream.Flush did not end with a sync flush");
        return bytes;
    }

    private static byte[] StoredBlock(byte[] data, bool final)
    {
        if (data.Length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(data));
        var block = new byte[5 + data.Length];
        block[0] = final ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(1), (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(3), (ushort)~data.Length);
        data.CopyTo(block, 5);
        return block;
    }
}

/// <summary>CRC-32 as zip uses it (the BCL has no public one).</summary>
public sealed class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private uint state = 0xFFFFFFFF;

    public uint Value => ~state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var c = state;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        state = c;
    }

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(data);
        return crc.Value;
    }
}
