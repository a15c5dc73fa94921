using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

/// <summary>A ward as named in a given review year (names change; documents use that year's).</summary>
/// <param name="Urban">An urban ward (phường, groups are tổ dân phố) or a rural commune (xã, groups are thôn), from the area its groups were reviewed under.</param>
/// <param name="Settings">The ward's document settings (<c>ward_setting</c>): parent_unit, plan_number, plan_date, recipients.</param>
public sealed record Ward(string Code, string Name, string ProvinceCode, string ProvinceName, bool Urban = true,
    IReadOnlyDictionary<string, string>? Settings = null)
{
    /// <summary>"phường" or "xã": the kind of unit, inside a sentence.</summary>
    public string UnitNoun => Urban ? "phường" : "xã";

    /// <summary>"toàn phường" / "toàn xã": the whole unit, as a total row or a sentence says it.</summary>
    public string WholeUnit => "toàn " + UnitNoun;

    /// <summary>"tổ dân phố" / "thôn": the ward's residential groups, inside a sentence.</summary>
    public string GroupNoun => Urban ? "tổ dân phố" : "thôn";

    /// <summary>"Tổ dân phố" / "Thôn": a column header or the start of a sentence.</summary>
    public string GroupNounTitle => Urban ? "Tổ dân phố" : "Thôn";

    /// <summary>"tổ" / "thôn": the short word for a group once the kind has been said ("ba tổ", "ba thôn").</summary>
    public string GroupShort => Urban ? "tổ" : "thôn";

    /// <summary>The unit above the ward, e.g. "thị xã Mỹ Hào" (setting parent_unit); null when not set.</summary>
    public string? ParentUnit => Setting("parent_unit");

    /// <summary>The number of the ward's plan, e.g. "125/KH-UBND" (setting plan_number); null when not set.</summary>
    public string? PlanNumber => Setting("plan_number");

    /// <summary>The date of the ward's plan as printed, e.g. "15/01/2024" (setting plan_date); null when not set.</summary>
    public string? PlanDate => Setting("plan_date");

    /// <summary>Who receives the ward's documents, one per line (setting recipients, lines separated by ';'); null when not set.</summary>
    public string? Recipients => Setting("recipients");

    private string? Setting(string key) => Settings is not null && Settings.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    /// <summary>"phường Dị Sử": the name inside a sentence (the unit type in lower case, the proper name as is).</summary>
    public string NameInSentence => Name.Length == 0 ? Name : char.ToLower(Name[0], VietnameseNumbers.Culture) + Name[1..];

    /// <summary>"UBND PHƯỜNG DỊ SỬ": the issuing unit, as the letterhead and the PDF author give it.</summary>
    public string IssuingUnit => "UBND " + Name.ToUpper(VietnameseNumbers.Culture);

    /// <summary>
    /// The ward named by <paramref name="code"/>, or the only ward in the mart when no code is
    /// given, as named in the latest round loaded up to review year <paramref name="year"/> (or its first round).
    /// </summary>
    public static Ward Resolve(DuckDBConnection connection, string? code, ReviewYear year)
    {
        var wards = All(connection);
        if (wards.Count == 0)
            throw new ReportException(
                $"Kho dữ liệu chưa có phường, xã nào: hãy nạp dữ liệu rà soát hộ trước (disu etl load).",
                $"The mart holds no ward yet: load review snapshots first (disu etl load).");
        if (code is null)
        {
            if (wards.Count > 1)
                throw new ReportException(
                    $"Kho dữ liệu có {wards.Count} phường, xã; hãy chọn một bằng --ward ({string.Join(", ", wards.Take(10))}{(wards.Count > 10 ? ", …" : "")}).",
                    $"The mart holds {wards.Count} wards; name one with --ward ({string.Join(", ", wards.Take(10))}{(wards.Count > 10 ? ", …" : "")}).");
            code = wards[0];
        }
        // Codes match without regard to case, as over HTTP: --ward disu is DISU.
        code = Mart.Wards.Find(wards, code) ?? code;
        var named = connection.ReadSingleOrDefault<NameRow>("""
            SELECT ward_code, ward_name, province_code, province_name,
                   count(*) FILTER (WHERE area = 'urban') >= count(*) FILTER (WHERE area <> 'urban') AS urban
            FROM geo_year
            WHERE is_current AND ward_code = ?
            GROUP BY review_year, ward_code, ward_name, province_code, province_name
            ORDER BY (review_year <= ?) DESC, CASE WHEN review_year <= ? THEN -review_year ELSE review_year END
            LIMIT 1
            """, code, year, year);
        if (named is null)
            throw new ReportException(
                $"Không có phường, xã '{code}' trong kho dữ liệu; các mã đã nạp: {string.Join(", ", wards.Take(10))}{(wards.Count > 10 ? ", …" : "")}.",
                $"Ward '{code}' is not in the mart; wards loaded: {string.Join(", ", wards.Take(10))}{(wards.Count > 10 ? ", …" : "")}.");
        var settings = connection.Read<SettingRow>("SELECT key, value FROM ward_setting WHERE ward_code = ?", code)
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        return new Ward(named.WardCode, named.WardName, named.ProvinceCode, named.ProvinceName, named.Urban, settings);
    }

    /// <summary>The ward named by <paramref name="code"/> as in the round plan year <paramref name="planYear"/> is built on (the review year before it).</summary>
    public static Ward Resolve(DuckDBConnection connection, string? code, PlanYear planYear) => Resolve(connection, code, planYear.RoundBefore);

    /// <summary>Every ward with a current snapshot, for batch runs.</summary>
    public static IReadOnlyList<string> All(DuckDBConnection connection) => Mart.Wards.Loaded(connection);

    private sealed record NameRow
    {
        public required string WardCode { get; init; }
        public required string WardName { get; init; }
        public required string ProvinceCode { get; init; }
        public required string ProvinceName { get; init; }
        public bool Urban { get; init; }
    }

    private sealed record SettingRow
    {
        public required string Key { get; init; }
        public required string Value { get; init; }
    }
}

/// <summary>A report cannot be made from what the mart holds; the message says what to do.</summary>
public sealed class ReportException : Exception, DiSu.Analytics.Mart.Text.IHasMessage
{
    /// <summary>A message that reads the same in both languages (a reason passed on as it came).</summary>
    public ReportException(string message) : this(DiSu.Analytics.Mart.Text.Message.Same(message)) { }

    public ReportException(DiSu.Analytics.Mart.Text.Message text) : base(text.Vi) => Text = text;

    public ReportException(DiSu.Analytics.Mart.Text.Phrase vi, DiSu.Analytics.Mart.Text.Phrase en) : this(DiSu.Analytics.Mart.Text.Message.Of(vi, en)) { }

    /// <summary>The message in both languages; <see cref="Exception.Message"/> is the Vietnamese.</summary>
    public DiSu.Analytics.Mart.Text.Message Text { get; }
}
