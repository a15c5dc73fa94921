using System.Globalization;
using DiSu.Analytics.Mart;

namespace DiSu.Analytics.Reports;

/// <summary>
/// Every sentence documents and the API print about units and breaks: which units the numbers are
/// in, the unit changes they were restated through, and why a series is not comparable across a
/// year. One place, so the PDF, the XLSX/CSV provenance and the API say the same words.
/// </summary>
public static class GeographyText
{
    /// <summary>The chart label of a reorganisation (short: it stands beside a dashed line).</summary>
    public const string UnitsLabel = "Sắp xếp ĐVHC";

    /// <summary>The chart label of a change of standard.</summary>
    public const string StandardLabel = "Chuẩn nghèo mới";

    /// <summary>The provenance field of XLSX and CSV, and the API's, that carries <see cref="Note"/>.</summary>
    public const string Field = "Đơn vị hành chính (geography)";

    /// <summary>
    /// What a document says of its units, or null when there is nothing to say (no unit change
    /// reached the ward): restated into today's units through the files named; read as it was
    /// because the ward is no longer a unit today; or as it was, of a ward that changed.
    /// </summary>
    public static string? Note(UnitReading units)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (units.FellBack)
            return $"{units.WardCode} không còn là đơn vị hành chính hiện nay" +
                   (units.ReorganisedYears.Count > 0 ? $" (đã sắp xếp từ kỳ rà soát năm {Year(units.ReorganisedYears[^1])})" : "") +
                   ": số liệu theo đơn vị hành chính tại thời điểm rà soát, không quy đổi.";
        if (units.Restated)
            return "Số liệu quy đổi theo đơn vị hành chính hiện nay (" + string.Join("; ", units.Mappings.Select(Mapping)) + ").";
        if (units.Used == Geography.AsWas && units.ReorganisedYears.Count > 0)
            return "Số liệu theo đơn vị hành chính tại thời điểm rà soát (không quy đổi theo sắp xếp đơn vị hành chính).";
        return null;
    }

    /// <summary>"sắp xếp hiệu lực 01/07/2025, tệp unit_changes.csv, lần nạp #6".</summary>
    public static string Mapping(UnitMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var file = mapping.FileName.Length > 0 ? $", tệp {mapping.FileName}" : "";
        return $"sắp xếp hiệu lực {mapping.EffectiveDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}{file}, lần nạp #{mapping.LoadId.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The value of the provenance field: the reading's code, then its note.</summary>
    public static string FieldValue(UnitReading units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return units.Used.Code() + (units.Note is { } note ? ": " + note : "");
    }

    public static string UnitsBreak(int year, Geography used) => used == Geography.AsIs
        ? $"Năm {Year(year)}: sắp xếp đơn vị hành chính — số liệu trước {Year(year)} được quy đổi về đơn vị hiện nay."
        : $"Năm {Year(year)}: sắp xếp đơn vị hành chính — số liệu trước và từ {Year(year)} theo đơn vị tại thời điểm rà soát, không so sánh trực tiếp được.";

    public static string StandardBreak(int year, string decree, string name) =>
        $"Năm {Year(year)}: áp dụng chuẩn nghèo mới ({(decree.Length > 0 ? "Nghị định " + decree : name)}) — số liệu trước và sau không so sánh trực tiếp được.";

    /// <summary>The marker of a year in a table with a break: "2027†"; the note under the table starts "(†)".</summary>
    public const string Marker = "†";

    /// <summary>The notes of the breaks, one per break, for under a chart or table; empty without breaks.</summary>
    public static string Notes(IReadOnlyList<SeriesBreak> breaks) =>
        string.Join(" ", breaks.Select(b => $"({Marker}) {b.Note}"));

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
