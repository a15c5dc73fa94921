using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

/// <summary>Where a document's numbers come from: printed on every page and in every file.</summary>
/// <param name="ForecastCaveat">
/// The forecast's caveat when the document uses one that has it: the PDF prints it beside the
/// numbers, XLSX and CSV carry it here, since their sheets hold numbers and no notes.
/// </param>
/// <param name="Units">Which units the numbers are in (as was / as is) and the unit changes they were restated through; null for documents without a choice.</param>
public sealed record Provenance(DateTimeOffset? DataAsOf, long? LastLoadId, string StandardId, string StandardName, string Decree, string? ModelId, string ContentHash,
    string? ForecastCaveat = null, UnitReading? Units = null)
{
    /// <summary>
    /// The version of the standard that classified the rows the document prints ("2"; "1–2" if the
    /// ward-year's rows were classified by two): a corrected standard is a new version
    /// (standard_version), and a document says which one counted its numbers. Null when unknown.
    /// </summary>
    public string? StandardVersion { get; init; }

    /// <summary>Vietnam keeps one offset all year (no daylight saving).</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public string Line()
    {
        var asOf = DataAsOf is { } at
            ? at.ToOffset(VietnamOffset).ToString("dd/MM/yyyy HH:mm", VietnameseNumbers.Culture) + (LastLoadId is { } id ? $" (lần nạp {id})" : "")
            : "chưa có lần nạp";
        var model = ModelId ?? "không dùng dự báo";
        var standard = (Decree.Length > 0 ? "Nghị định " + Decree : StandardName) + (StandardVersion is { } v ? $" (phiên bản {v})" : "");
        return $"Số liệu đến {asOf} · Chuẩn nghèo: {standard} · Mô hình: {model} · Mã nội dung: {ContentHash}";
    }

    /// <summary>The provenance field of XLSX and CSV that carries <see cref="ForecastCaveat"/>.</summary>
    public const string CaveatField = "Lưu ý về dự báo (forecast caveat)";

    public IReadOnlyList<(string Key, string Value)> Fields()
    {
        var fields = new List<(string, string)>
        {
            ("Số liệu đến (data as of)", DataAsOf?.ToOffset(VietnamOffset).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            ("Lần nạp (load id)", LastLoadId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            ("Chuẩn nghèo (standard)", $"{StandardId}: {StandardName}"),
            ("Phiên bản chuẩn nghèo (standard version)", StandardVersion ?? ""),
            ("Mô hình (model)", ModelId ?? ""),
        };
        if (Units is not null)
            fields.Add((GeographyText.Field, GeographyText.FieldValue(Units)));
        if (ForecastCaveat is not null)
            fields.Add((CaveatField, ForecastCaveat));
        fields.Add(("Mã nội dung (content hash)", ContentHash));
        return fields;
    }

    /// <summary>The last load that wrote this ward and the standard in force in <paramref name="reviewYear"/>.</summary>
    /// <param name="reviewYear">
    /// The review year of the data the document prints (for a plan document, its base year), never
    /// the plan year: a 2025 review made under Decree 07 stays Decree 07's in a plan for the year
    /// after, whichever standard that year will have.
    /// </param>
    public static Provenance Read(DuckDBConnection connection, string wardCode, int reviewYear, string? modelId, IEnumerable<DataSheet> sheets,
        string? forecastCaveat = null, UnitReading? units = null)
    {
        var load = connection.ReadSingleOrDefault<LoadRow>("""
            SELECT load_id, finished_at FROM etl_load
            WHERE outcome = 'loaded' AND (',' || replace(ward_years, ' ', '') || ',') LIKE '%,' || ? || ':%'
            ORDER BY finished_at DESC, load_id DESC LIMIT 1
            """, wardCode);
        var standard = connection.Read<StandardRow>("""
            SELECT standard_id, CASE WHEN contains(name_vi, decree) THEN name_vi ELSE name_vi || ' (' || decree || ')' END AS standard_name, decree
            FROM dim_standard WHERE ? BETWEEN first_year AND last_year
            """, reviewYear);
        // The version that classified the ward-year's rows; with none loaded, the version in force.
        var version = standard.Count != 1 ? null : connection.ReadSingle<VersionRow>("""
            SELECT coalesce(min(f.standard_version), (SELECT version FROM dim_standard WHERE standard_id = ?)) AS low,
                   coalesce(max(f.standard_version), (SELECT version FROM dim_standard WHERE standard_id = ?)) AS high
            FROM fact_household_year f WHERE f.is_current AND f.ward_code = ? AND f.review_year = ?
            """, standard[0].StandardId, standard[0].StandardId, wardCode, reviewYear);
        var (standardId, standardName, decree) = standard.Count == 1
            ? (standard[0].StandardId, standard[0].StandardName, standard[0].Decree)
            : ("", "chưa có chuẩn cho năm " + reviewYear, "");
        // DuckDB hands TIMESTAMPTZ over as a DateTime in UTC.
        DateTimeOffset? asOf = load is null ? null : new DateTimeOffset(DateTime.SpecifyKind(load.FinishedAt, DateTimeKind.Utc));
        long? loadId = load?.LoadId;
        // The numbers and labels only: the standard and the model name what the numbers were counted
        // and forecast by; when the data was loaded (and when the document is made) stays out, so
        // re-running on unchanged data gives the same hash. The as-of time is in the footer beside it.
        var hash = DataSheet.ContentHash(sheets, standardId, modelId ?? "");
        return new Provenance(asOf, loadId, standardId, standardName, decree, modelId, hash, forecastCaveat, units)
        {
            StandardVersion = version?.Low is not { } low ? null
                : low == version.High ? low.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"{low.ToString(System.Globalization.CultureInfo.InvariantCulture)}–{version.High?.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        };
    }

    private sealed record LoadRow
    {
        public long LoadId { get; init; }
        public DateTime FinishedAt { get; init; }
    }

    private sealed record VersionRow
    {
        public int? Low { get; init; }
        public int? High { get; init; }
    }

    private sealed record StandardRow
    {
        public required string StandardId { get; init; }
        public required string StandardName { get; init; }
        public required string Decree { get; init; }
    }
}
