using System.Globalization;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// What an uploaded file holds for the ward check: refused (unreadable, and why: <see cref="Refusal.Contract"/> for
/// a table whose ward cannot be told, else a workbook that is malformed or too large) or the other wards found (empty = all its own).
/// </summary>
public sealed record WardCheckResult(DiSu.Analytics.Mart.Text.Message? Unreadable, IReadOnlyList<string> OtherWards, Refusal Refusal = Refusal.Contract);

/// <summary>
/// A key restricted to one ward may only upload rows of that ward. Every file of the input contract
/// (snapshot, support records, plan targets) has the ward column <c>ward_code</c> / <c>ma_xa</c>, so a
/// file whose header is not the contract's is refused here rather than queued: its ward cannot be
/// told. The cells are read the way the loader reads them (the contract's header rules, DuckDB's CSV
/// reader with the loader's options, the first XLSX sheet through the loader's <see cref="XlsxGuard"/>) and compared as the loader stores them:
/// edge spaces trimmed, case kept (ward codes are case-sensitive in the mart). Empty cells are
/// ignored: the loader rejects those rows.
/// </summary>
public static class UploadWardCheck
{
    private const int Listed = 5;

    /// <summary>
    /// The workbook limits of the loader, and a time limit: the check holds the upload's request.
    /// A ward's own file (some tens of thousands of rows, a few review years) reads in seconds.
    /// </summary>
    public static readonly XlsxLimits Limits = XlsxLimits.Default with { ReadTime = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Every uploaded workbook, whoever sends it, is inspected before it is queued: a crafted one
    /// gets its 400 or 413 at once instead of going to quarantine later. Null when it is sound.
    /// </summary>
    public static FileRefusedException? Inspect(string path)
    {
        try
        {
            XlsxGuard.Inspect(path, Limits);
            return null;
        }
        catch (FileRefusedException e)
        {
            return e;
        }
    }

    public static WardCheckResult Check(string path, bool xlsx, string ward, CancellationToken cancellation)
    {
        try
        {
            return xlsx ? CheckXlsx(path, ward, cancellation) : CheckCsv(path, ward);
        }
        catch (FileRefusedException e)
        {
            return new WardCheckResult(e.Text, [], e.Kind);
        }
        catch (Exception e) when (e is DuckDBException or InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            // The loader would refuse the file too; its reason is what the person needs, not ours.
            return new WardCheckResult(xlsx
                ? new("tệp không phải bảng tính XLSX đọc được; hãy lưu lại từ Excel", "the file is not a readable XLSX workbook; save it again from Excel")
                : new("tệp không phải văn bản CSV đọc được; hãy lưu dạng 'CSV UTF-8'", "the file is not readable CSV text; save it as 'CSV UTF-8'"), []);
        }
    }

    private static WardCheckResult CheckCsv(string path, string ward)
    {
        var header = CsvHeader.Read(path);
        var position = WardPosition(HeaderMap.Build(header.Cells));
        var columns = "{" + string.Join(", ", Enumerable.Range(0, header.Cells.Count).Select(i => $"'c{i}': 'VARCHAR'")) + "}";
        // Our own SQL on a private in-memory instance; the path is ours (a hidden name with a GUID).
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var others = connection.Read<OtherWard>($"""
            SELECT DISTINCT trim(c{position}) AS w
            FROM read_csv({Literal(Path.GetFullPath(path))},
                header = false, skip = 1, delim = {Literal(header.Delimiter.ToString())}, quote = '"', escape = '"',
                auto_detect = false, columns = {columns}, encoding = 'utf-8', ignore_errors = true,
                max_line_size = {SourceScan.ReaderLineBytes.ToString(CultureInfo.InvariantCulture)})
            WHERE nullif(trim(c{position}), '') IS NOT NULL AND trim(c{position}) <> $ward
            ORDER BY w LIMIT {Listed}
            """, new DuckDBParameter("ward", ward)).Select(r => r.W).ToList();
        return new WardCheckResult(null, others);
    }

    private static WardCheckResult CheckXlsx(string path, string ward, CancellationToken cancellation)
    {
        int? position = null;
        var others = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var record in XlsxGuard.Records(path, Limits, cancellation))
        {
            cancellation.ThrowIfCancellationRequested();
            var cells = record.Values.Select(XlsxCell.Text).ToList();
            if (position is null)
            {
                position = WardPosition(HeaderMap.Build(cells.Select(c => c ?? "").ToList()));
                continue;
            }
            var value = position < cells.Count ? cells[position.Value]?.Trim(' ') : null;
            if (!string.IsNullOrEmpty(value) && value != ward)
            {
                others.Add(value);
                if (others.Count >= Listed) break;
            }
        }
        if (position is null)
            throw new FileRefusedException($"trang tính đầu tiên trống; nó phải bắt đầu bằng dòng tiêu đề", $"the first sheet is empty; it must start with a header row");
        return new WardCheckResult(null, others.ToList());
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static int WardPosition(HeaderMap map) =>
        map.Kind == FileKind.UnitChange
            ? throw new FileRefusedException(
                $"tệp sắp xếp đơn vị hành chính thay đổi cả các phường, xã khác; chỉ tài khoản không giới hạn theo phường, xã được nạp tệp này",
                $"a unit-change file reorganises other wards too; only a key that is not restricted to one ward may upload it")
            : map.PositionOf("ward_code") ?? throw new FileRefusedException($"dòng tiêu đề không có cột ward_code (ma_xa); hãy thêm cột mã phường, xã",
                                                                      $"the header has no ward_code (ma_xa) column");

    /// <summary>A ward code of the file other than the one uploading it.</summary>
    private sealed record OtherWard { public required string W { get; init; } }
}
