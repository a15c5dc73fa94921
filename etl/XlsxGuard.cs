using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart.Text;
using MiniExcelLibs;

namespace DiSu.Analytics.Etl;

/// <summary>
/// The one way workbooks are read (the loader and the upload ward check): the zip is inspected
/// before MiniExcel parses a sheet, so that a crafted file is refused in milliseconds with its
/// reason instead of keeping a core busy for minutes or filling the memory.
/// <list type="bullet">
/// <item>it must be a zip with at most <see cref="XlsxLimits.MaxEntries"/> entries (counted from the
/// end record, before the directory is read), no two of the same name, the workbook parts MiniExcel
/// needs, and entries that do not share their compressed bytes;</item>
/// <item>no entry may expand more than <see cref="XlsxLimits.MaxRatio"/>:1 and all together no more
/// than <see cref="XlsxLimits.MaxExpandedBytes"/> (.NET's zip reader stops an entry at its declared
/// size, so the declared sizes bound what can be read);</item>
/// <item>every XML part must reach its root element within <see cref="XlsxLimits.PrologBytes"/> and
/// declare no DTD: a DTD is where entity bombs ("billion laughs") and external entities (XXE)
/// live, and workbooks never have one. MiniExcel 1.46 reads with .NET's default
/// <c>DtdProcessing.Prohibit</c> and no resolver, so a DTD never expands there either — it
/// throws, which is what used to surface as a 500.</item>
/// </list>
/// Whatever MiniExcel still throws on a damaged sheet becomes a refusal as well.
/// </summary>
public static class XlsxGuard
{
    private static readonly string[] RequiredParts = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"];

    /// <summary>Checks a workbook without reading its sheets; throws <see cref="FileRefusedException"/> (malformed or too large).</summary>
    public static void Inspect(string path, XlsxLimits? limits = null)
    {
        using var file = OpenFile(path);
        Inspect(file, limits ?? XlsxLimits.Default);
    }

    /// <summary>
    /// The first sheet's rows as MiniExcel gives them (no header row taken), after <see cref="Inspect(string, XlsxLimits?)"/>.
    /// Reading stops with a refusal once it takes longer than <see cref="XlsxLimits.ReadTime"/>.
    /// </summary>
    public static IEnumerable<IDictionary<string, object?>> Records(string path, XlsxLimits? limits = null, CancellationToken cancellation = default)
    {
        limits ??= XlsxLimits.Default;
        using var file = OpenFile(path);
        Inspect(file, limits);
        // The rows are read from the same open file that was inspected, not from whatever the name holds by then.
        file.Position = 0;
        using var bounded = new BoundedReadStream(file, limits.ReadTime, cancellation);
        using var rows = MiniExcel.Query(bounded, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = rows.MoveNext();
            }
            catch (Exception e) when (IsReaderFailure(e))
            {
                throw Malformed($"nội dung bị hỏng ({FirstLine(e.Message)}); hãy mở bằng Excel rồi lưu lại dạng .xlsx",
                                $"its content is damaged ({FirstLine(e.Message)}); open it in Excel and save it again as .xlsx");
            }
            if (!more) yield break;
            yield return rows.Current;
        }
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);

    private static void Inspect(Stream file, XlsxLimits limits)
    {
        var watch = Stopwatch.StartNew();
        var signature = new byte[8];
        file.Position = 0;
        var read = file.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
        if (read == 0) throw Malformed($"tệp trống; hãy gửi chính bảng tính", $"the file is empty; send the workbook itself");
        if (read == 8 && BinaryPrimitives.ReadUInt64BigEndian(signature) == 0xD0CF11E0A1B11AE1)
            throw Malformed($"đây là bảng tính có mật khẩu hoặc tệp Excel 97–2003 (.xls) đặt tên .xlsx; hãy bỏ mật khẩu, hoặc mở bằng Excel rồi lưu dạng 'Excel Workbook (.xlsx)'",
                $"it is a password-protected workbook or an Excel 97–2003 (.xls) file named .xlsx; remove the password, or open it in Excel and save it as 'Excel Workbook (.xlsx)'");
        if (read < 4 || signature[0] != 'P' || signature[1] != 'K')
            throw Malformed($"đây không phải tệp XLSX (bảng tính XLSX là một tệp nén zip); hãy mở bằng Excel rồi lưu dạng 'Excel Workbook (.xlsx)'",
                $"it is not an XLSX file (an XLSX workbook is a zip archive); open it in Excel and save it as 'Excel Workbook (.xlsx)'");

        if (EndRecord(file) is var (declared, directory))
        {
            if (declared > limits.MaxEntries)
                throw TooLarge($"tệp chứa {declared:N0} mục; một bảng tính có vài chục mục và chỉ đọc tối đa {limits.MaxEntries:N0}; hãy chép trang tính sang bảng tính mới, hoặc gửi CSV",
                    $"it holds {declared} entries; a workbook has a few dozen, and at most {limits.MaxEntries} are read; copy the sheet into a new workbook, or send CSV");
            // A directory far longer than its count of entries needs hides more of them than it declares.
            if (directory > limits.MaxEntries * 4096L)
                throw TooLarge($"danh mục các mục của tệp lớn {Size(directory)}; của một bảng tính chỉ vài KB và chỉ đọc tối đa {limits.MaxEntries:N0} mục; hãy chép trang tính sang bảng tính mới, hoặc gửi CSV",
                    $"its directory of entries is {Size(directory)}; a workbook's is some KB, and at most {limits.MaxEntries} entries are read; copy the sheet into a new workbook, or send CSV");
        }

        file.Position = 0;
        ZipArchive zip;
        IReadOnlyList<ZipArchiveEntry> entries;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            entries = zip.Entries;
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw Malformed($"tệp nén zip bị hỏng hoặc bị cắt cụt ({FirstLine(e.Message)}); hãy chép hoặc lưu lại tệp",
                $"the zip archive is damaged or cut short ({FirstLine(e.Message)}); copy or save the file again");
        }
        using (zip)
        {
            if (entries.Count > limits.MaxEntries)
                throw TooLarge($"tệp chứa {entries.Count:N0} mục; một bảng tính có vài chục mục và chỉ đọc tối đa {limits.MaxEntries:N0}; hãy chép trang tính sang bảng tính mới, hoặc gửi CSV",
                    $"it holds {entries.Count} entries; a workbook has a few dozen, and at most {limits.MaxEntries} are read; copy the sheet into a new workbook, or send CSV");
            CheckSizes(entries, file.Length, limits);
            CheckNames(entries);
            foreach (var entry in entries)
            {
                if (watch.Elapsed > limits.InspectionTime)
                    throw TooLarge($"kiểm tra tệp mất hơn {limits.InspectionTime.TotalSeconds:0} giây; hãy chép trang tính sang bảng tính mới, hoặc gửi CSV",
                        $"checking it took longer than {limits.InspectionTime.TotalSeconds:0} s; copy the sheet into a new workbook, or send CSV");
                if (IsXml(entry.FullName) && entry.Length > 0) CheckProlog(entry, limits);
            }
        }
    }

    private static void CheckSizes(IReadOnlyList<ZipArchiveEntry> entries, long fileLength, XlsxLimits limits)
    {
        long expanded = 0, compressed = 0;
        foreach (var entry in entries)
        {
            if (entry.Length > limits.RatioGraceBytes && entry.Length > limits.MaxRatio * Math.Max(1, entry.CompressedLength))
                throw TooLarge($"{Name(entry)} bung ra {Ratio(entry)}:1 ({Size(entry.Length)} từ {Size(entry.CompressedLength)}); " +
                               $"trang tính thật chỉ nén khoảng 5–15:1, trên {limits.MaxRatio:0}:1 bị từ chối như bom zip; nếu đây là bảng tính thật, hãy gửi các dòng dạng CSV (UTF-8)",
                               $"{Name(entry)} expands {Ratio(entry)}:1 ({Size(entry.Length)} from {Size(entry.CompressedLength)}); " +
                               $"real sheets compress about 5–15:1 and more than {limits.MaxRatio:0}:1 is refused as a zip bomb; if it is a real workbook, send its rows as CSV (UTF-8)");
            expanded = Add(expanded, entry.Length);
            compressed = Add(compressed, entry.CompressedLength);
        }
        if (expanded > limits.MaxExpandedBytes)
            throw TooLarge($"tệp bung ra {Size(expanded)}, quá mức {Size(limits.MaxExpandedBytes)} cho phép của một bảng tính " +
                           $"(một trang Excel đủ {1_048_576:N0} dòng khoảng 1 GB); hãy tách nhỏ, ví dụ mỗi phường, xã hoặc mỗi năm rà soát một tệp, hoặc gửi CSV",
                           $"it expands to {Size(expanded)}, more than the {Size(limits.MaxExpandedBytes)} a workbook may expand to " +
                           $"(a full Excel sheet of 1,048,576 rows is about 1 GB); split it, e.g. one file per ward or review year, or send CSV");
        // Entries can only add up to more than the file when they share their bytes (an overlapping-entry zip bomb).
        if (compressed > fileLength)
            throw Malformed($"các mục tự nhận {Size(compressed)} dữ liệu nén trong một tệp {Size(fileLength)}, tức là chồng lên nhau (không công cụ nào ghi zip như vậy); hãy lưu lại bảng tính từ Excel",
                $"its entries claim {Size(compressed)} of compressed data in a {Size(fileLength)} file, so they overlap (no tool writes such a zip); save the workbook again from Excel");
    }

    private static void CheckNames(IReadOnlyList<ZipArchiveEntry> entries)
    {
        // MiniExcel keys the entries by name without regard to case or slash direction; a twin would crash it.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
            if (!names.Add(entry.FullName.Replace('\\', '/')))
                throw Malformed($"mục {Name(entry)} xuất hiện hai lần trong tệp zip (không công cụ nào ghi zip như vậy); hãy lưu lại bảng tính từ Excel",
                    $"the entry {Name(entry)} appears twice in the zip (no tool writes such a zip); save the workbook again from Excel");
        var missing = RequiredParts.FirstOrDefault(p => !entries.Any(e => string.Equals(e.FullName, p, StringComparison.Ordinal)));
        if (missing is not null)
            throw Malformed($"đây là tệp nén zip nhưng không phải bảng tính Excel (không có {missing}); hãy mở bằng Excel rồi lưu dạng 'Excel Workbook (.xlsx)'",
                $"it is a zip archive but not an Excel workbook (it has no {missing}); open it in Excel and save it as 'Excel Workbook (.xlsx)'");
    }

    private static readonly byte[][] DoctypeMarks =
    [
        Encoding.UTF8.GetBytes("<!DOCTYPE"),
        Encoding.Unicode.GetBytes("<!DOCTYPE"),
        Encoding.BigEndianUnicode.GetBytes("<!DOCTYPE"),
    ];

    private static bool DeclaresDtd(ReadOnlySpan<byte> head)
    {
        foreach (var mark in DoctypeMarks)
            if (head.IndexOf(mark) >= 0) return true;
        return false;
    }

    private static readonly XmlReaderSettings PrologSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// A DTD can only stand before the root element, so the part's beginning decides: no DTD there
    /// and the root element reached means none anywhere (a later one is malformed XML, and MiniExcel
    /// refuses it as such).
    /// </summary>
    private static void CheckProlog(ZipArchiveEntry entry, XlsxLimits limits)
    {
        var buffer = new byte[(int)Math.Min(limits.PrologBytes, entry.Length)];
        int length;
        try
        {
            using var stream = entry.Open();
            length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw Malformed($"không giải nén được {Name(entry)} ({FirstLine(e.Message)}); hãy chép hoặc lưu lại tệp",
                $"{Name(entry)} cannot be expanded ({FirstLine(e.Message)}); copy or save the file again");
        }
        if (DeclaresDtd(buffer.AsSpan(0, length)))
            throw Malformed($"{Name(entry)} khai báo DTD (<!DOCTYPE …>); bảng tính không bao giờ có, và DTD là cách hoạt động của bom thực thể XML và đọc thực thể ngoài (XXE); hãy lưu lại bảng tính từ Excel",
                $"{Name(entry)} declares a DTD (<!DOCTYPE …>); workbooks never do, and a DTD is how XML entity bombs and external-entity (XXE) reads work; save the workbook again from Excel");
        var whole = length == entry.Length;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(buffer, 0, length, writable: false), PrologSettings);
            while (reader.Read())
                if (reader.NodeType == XmlNodeType.Element) return;
        }
        catch (XmlException e) when (whole)
        {
            throw Malformed($"{Name(entry)} không phải XML đúng dạng ({FirstLine(e.Message)}); hãy lưu lại bảng tính từ Excel",
                $"{Name(entry)} is not well-formed XML ({FirstLine(e.Message)}); save the workbook again from Excel");
        }
        catch (XmlException)
        {
            // Cut off mid-token by the prefix: said below.
        }
        throw whole
            ? Malformed($"{Name(entry)} không có phần tử gốc; hãy lưu lại bảng tính từ Excel",
                        $"{Name(entry)} has no root element; save the workbook again from Excel")
            : Malformed($"{Name(entry)} chưa tới phần tử đầu tiên trong {limits.PrologBytes / 1024} KB đầu (bảng tính bắt đầu nó ngay dòng đầu); hãy lưu lại bảng tính từ Excel",
                        $"{Name(entry)} does not reach its first element within {limits.PrologBytes / 1024} KB (workbooks start it on the first line); save the workbook again from Excel");
    }

    /// <summary>
    /// The entry count and directory size of the zip's end record (zip64 when it says so), read
    /// before the directory itself: a crafted archive may list millions of entries, each an object
    /// once read. Null when there is no end record (the zip reader then says what is wrong).
    /// </summary>
    private static (long Entries, long DirectoryBytes)? EndRecord(Stream file)
    {
        const int EndRecord = 22;
        if (file.Length < EndRecord) return null;
        var tail = new byte[(int)Math.Min(file.Length, EndRecord + ushort.MaxValue)];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        for (var at = tail.Length - EndRecord; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != 0x06054b50) continue;
            long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            long directory = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 12));
            if (entries != ushort.MaxValue && directory != uint.MaxValue) return (entries, directory);
            // Zip64: the locator stands right before the end record and points at the zip64 end record.
            var locator = at - 20;
            if (locator < 0 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator)) != 0x07064b50) return (entries, directory);
            var zip64 = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(locator + 8));
            if (zip64 < 0 || zip64 > file.Length - 56) return (entries, directory);
            var record = new byte[56];
            file.Position = zip64;
            file.ReadExactly(record);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != 0x06064b50) return (entries, directory);
            return (Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32))), Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40))));
        }
        return null;
    }

    private static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or EndOfStreamException or NotSupportedException or ArgumentException or OverflowException or FormatException;

    // What MiniExcel throws on a damaged or crafted sheet (a missing attribute becomes a null it
    // dereferences): the file's fault, so a refusal rather than a failed load or a 500.
    private static bool IsReaderFailure(Exception e) =>
        e is XmlException or InvalidDataException or EndOfStreamException or FormatException or OverflowException or ArgumentException
            or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException;

    private static FileRefusedException Malformed(Phrase vi, Phrase en) =>
        new(Message.Of(vi, en).After("không đọc được bảng tính: ", "the workbook cannot be read: "), kind: Refusal.Malformed);

    private static FileRefusedException TooLarge(Phrase vi, Phrase en) =>
        new(Message.Of(vi, en).After("bảng tính bị từ chối: ", "the workbook is refused: "), kind: Refusal.TooLarge);

    private static string Name(ZipArchiveEntry entry) => "'" + (entry.FullName.Length <= 80 ? entry.FullName : entry.FullName[..80] + "…") + "'";

    private static string Ratio(ZipArchiveEntry entry) =>
        (entry.Length / Math.Max(1, entry.CompressedLength)).ToString(CultureInfo.InvariantCulture);

    private static ByteSize Size(long bytes) => new(bytes);

    /// <summary>A size as people read it (1.5 GiB, 1,5 GiB), formatted in the message's own language.</summary>
    private sealed record ByteSize(long Bytes) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? provider)
        {
            var culture = provider ?? CultureInfo.InvariantCulture;
            return Bytes switch
            {
                >= 1L << 30 => (Bytes / (double)(1L << 30)).ToString("0.#", culture) + " GiB",
                >= 1L << 20 => (Bytes / (double)(1L << 20)).ToString("0.#", culture) + " MiB",
                >= 1L << 10 => (Bytes / (double)(1L << 10)).ToString("0.#", culture) + " KiB",
                _ => Bytes.ToString(culture) + (culture is CultureInfo { TwoLetterISOLanguageName: "vi" } ? " byte" : " bytes"),
            };
        }

        public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}
