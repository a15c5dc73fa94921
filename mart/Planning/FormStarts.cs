using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Planning;

/// <summary>What recording an approved start changed: the group's start on the form before and after, and the review's own.</summary>
public sealed record FormStartChange(string GroupCode, string GroupName, long Before, long After, long Review, long? DttsAfter, long EntryId);

/// <summary>
/// The approved start of a form's year per group and class (<c>form_start</c>): when the province's
/// decision corrected the previous review's result, or a later corrected delivery changed it, the
/// forms start from what was approved and put the difference in a column (docs/mart.md "The official forms").
/// </summary>
public static class FormStarts
{
    public const int MaxBasis = 300;

    /// <summary><c>poor</c> or <c>near_poor</c> from what a person types (poor, near-poor, near_poor, ngheo, can-ngheo); null otherwise.</summary>
    public static string? ParseClass(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "poor" or "ngheo" or "nghèo" => "poor",
        "near-poor" or "near_poor" or "can-ngheo" or "cận-nghèo" or "cận nghèo" => "near_poor",
        _ => null,
    };

    /// <summary>
    /// Records the approved start of <paramref name="groupCode"/> (any case) in ward
    /// <paramref name="wardCode"/> for form year <paramref name="year"/> and returns what changed.
    /// Throws <see cref="MartException"/> when the ward has no form that year, the group is not one
    /// of its units, or the numbers cannot be a start.
    /// </summary>
    public static FormStartChange Record(DuckDBConnection connection, TimeProvider clock, ReviewYear year, string wardCode, string groupCode,
        string statusClass, long households, long? dtts, string basis, string recordedBy)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var classVi = statusClass == "poor" ? "hộ nghèo" : "hộ cận nghèo";
        var units = connection.Read<UnitRow>("""
            SELECT s.group_code, s.unit_name, s.prev_year, s.start_households, s.review_start,
                   coalesce((SELECT households FROM v_group_year g
                             WHERE g.review_year = s.prev_year AND g.ward_code = s.ward_code AND g.group_code = s.group_code), 0) AS prev_households
            FROM v_form_summary s
            WHERE s.review_year = ? AND s.ward_code = ? AND s.unit_level = 'group' AND s.status_class = ?
            ORDER BY s.group_code
            """, year.Value, wardCode, statusClass);
        if (units.Count == 0)
            throw new MartException(
                $"Phường/xã {wardCode} không có biểu tổng hợp năm {year}: cần kết quả rà soát năm {year} và kỳ rà soát trước đó.",
                $"Ward {wardCode} has no form for {year}: the {year} review and the round before it must be loaded.");
        var unit = units.FirstOrDefault(u => string.Equals(u.GroupCode, groupCode.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new MartException(
                $"Tổ/thôn '{groupCode}' không có trong biểu năm {year} của {wardCode}; các tổ/thôn: {string.Join(", ", units.Select(u => u.GroupCode))}.",
                $"Group '{groupCode}' is not on {wardCode}'s {year} form; its groups: {string.Join(", ", units.Select(u => u.GroupCode))}.");
        if (households < 0 || households > unit.PrevHouseholds)
            throw new MartException(
                $"Số {classVi} đầu năm {year} của {unit.GroupCode} phải từ 0 đến {unit.PrevHouseholds} (số hộ của tổ cuối năm {unit.PrevYear}); đã nhập {households}.",
                $"{unit.GroupCode}'s start for {year} must be from 0 to {unit.PrevHouseholds} (the group's households at the end of {unit.PrevYear}); got {households}.");
        if (dtts is { } d && (d < 0 || d > households))
            throw new MartException(
                $"Số hộ DTTS đầu năm phải từ 0 đến số {classVi} đầu năm ({households}); đã nhập {d}.",
                $"The ethnic-minority start must be from 0 to the start ({households}); got {d}.");
        basis = basis.Trim();
        if (basis.Length == 0 || basis.Length > MaxBasis || basis.Any(char.IsControl))
            throw new MartException(
                $"Hãy ghi căn cứ (số, ngày quyết định phê duyệt), một dòng, tối đa {MaxBasis} ký tự.",
                $"Give the basis (the approving decision's number and date) on one line, at most {MaxBasis} characters.");

        using var tx = connection.BeginTransaction();
        var id = connection.Scalar<long>("SELECT nextval('seq_form_start')");
        connection.Execute("""
            INSERT INTO form_start (entry_id, review_year, ward_code, group_code, status_class, households, households_dtts, basis, recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, id, year.Value, wardCode, unit.GroupCode, statusClass, households, dtts, basis, recordedBy, clock.GetUtcNow());
        tx.Commit();
        return new FormStartChange(unit.GroupCode, unit.UnitName, unit.StartHouseholds, households, unit.ReviewStart, dtts, id);
    }

    private sealed record UnitRow
    {
        public required string GroupCode { get; init; }
        public required string UnitName { get; init; }
        public int PrevYear { get; init; }
        public long StartHouseholds { get; init; }
        public long ReviewStart { get; init; }
        public long PrevHouseholds { get; init; }
    }
}
