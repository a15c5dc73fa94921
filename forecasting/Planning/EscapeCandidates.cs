using System.Globalization;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting.Planning;

/// <summary>
/// A poor household of the base round as a candidate to escape poverty in the plan year, with the
/// four things that say how close it is (docs/planning.md, "Ranking"). Each closeness is 0–1, 1 the
/// closest; the score is their mean × 100.
/// </summary>
public sealed record EscapeCandidate(
    string HouseholdId,
    string GroupCode,
    string GroupName,
    long Members,
    long WorkingAge,
    long Income,
    long PovertyLine,
    long Deprivations,
    long Cutoff,
    long Indicators,
    long ProgramsEntitled,
    long ProgramsReached)
{
    /// <summary>VND per person and month the household's income is below the poverty line (0 at or above it).</summary>
    public long IncomeGap => Math.Max(0, PovertyLine - Income);

    /// <summary>Deprivations beyond those the cutoff needs: removing this many makes the household near-poor (0 for a household poor by the board's decision alone).</summary>
    public long DeprivationsAboveCutoff => Math.Max(0, Deprivations - Cutoff + 1);

    public double IncomeCloseness => PovertyLine <= 0 ? 0 : 1 - Math.Min(1.0, (double)IncomeGap / PovertyLine);

    /// <summary>1 when one deprivation less would make it near-poor; 0 when it has every indicator.</summary>
    public double DeprivationCloseness
    {
        get
        {
            var most = Indicators - Cutoff; // deprivations above the cutoff with every indicator, less one
            return DeprivationsAboveCutoff <= 1 || most <= 0 ? 1 : 1 - Math.Min(1.0, (double)(DeprivationsAboveCutoff - 1) / most);
        }
    }

    public double LabourCloseness => Members <= 0 ? 0 : Math.Min(1.0, (double)WorkingAge / Members);

    public double SupportCloseness => ProgramsEntitled <= 0 ? 0 : Math.Min(1.0, (double)ProgramsReached / ProgramsEntitled);

    /// <summary>0–100, equal weights; higher = closer to escaping.</summary>
    public double Score => 25 * (IncomeCloseness + DeprivationCloseness + LabourCloseness + SupportCloseness);

    /// <summary>Why this household is ranked where it is, in one Vietnamese sentence.</summary>
    public string Reason()
    {
        static string N(long v) => v.ToString("#,0", Vi);
        var income = IncomeGap == 0
            ? $"thu nhập {N(Income)} đ/người/tháng, không thấp hơn chuẩn nghèo {N(PovertyLine)} đ"
            : $"thu nhập {N(Income)} đ/người/tháng, thiếu {N(IncomeGap)} đ so với chuẩn nghèo {N(PovertyLine)} đ ({(100.0 * IncomeGap / PovertyLine).ToString("0.0", Vi)}%)";
        var deprivations = DeprivationsAboveCutoff == 0
            ? $"thiếu hụt {Deprivations} chỉ số, dưới ngưỡng {Cutoff}"
            : $"thiếu hụt {Deprivations} chỉ số, cần giảm {DeprivationsAboveCutoff} chỉ số để dưới ngưỡng {Cutoff}";
        var labour = $"{WorkingAge}/{Members} người trong độ tuổi lao động";
        var support = ProgramsEntitled == 0
            ? "chưa thuộc diện chính sách hỗ trợ nào"
            : $"đã nhận {ProgramsReached}/{ProgramsEntitled} chính sách hỗ trợ được hưởng";
        return $"{char.ToUpper(income[0], Vi)}{income[1..]}; {deprivations}; {labour}; {support}.";
    }

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
}

/// <summary>The candidates of a ward's review round, ranked.</summary>
public static class EscapeCandidates
{
    /// <summary>
    /// Closest first: by score, then by household id (ordinal), so that the order never depends on
    /// how the rows came back.
    /// </summary>
    public static IReadOnlyList<EscapeCandidate> Rank(IEnumerable<EscapeCandidate> candidates) =>
        candidates.OrderByDescending(c => Math.Round(c.Score, 9)).ThenBy(c => c.HouseholdId, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<EscapeCandidate> Read(DuckDBConnection connection, string ward, int baseYear) =>
        Rank(connection.Read<CandidateRow>(Sql, new DuckDBParameter("ward", ward), new DuckDBParameter("round", baseYear)).Select(r => new EscapeCandidate(
            r.HouseholdId, r.GroupCode, r.GroupName, r.Members, r.MembersWorkingAge,
            r.Income, r.PovertyLine, r.DeprivationCount, r.MinDeprivations, r.Indicators,
            r.ProgramsEntitled, r.ProgramsReached)));

    private static readonly string Sql = ReadSql("candidates.sql");

    /// <summary>A row of candidates.sql.</summary>
    private sealed record CandidateRow
    {
        public required string HouseholdId { get; init; }
        public required string GroupCode { get; init; }
        public required string GroupName { get; init; }
        public long Members { get; init; }
        public long MembersWorkingAge { get; init; }
        public long Income { get; init; }
        public long PovertyLine { get; init; }
        public long DeprivationCount { get; init; }
        public long MinDeprivations { get; init; }
        public long Indicators { get; init; }
        public long ProgramsEntitled { get; init; }
        public long ProgramsReached { get; init; }
    }

    internal static string ReadSql(string name)
    {
        using var stream = typeof(EscapeCandidates).Assembly.GetManifestResourceStream("Planning." + name)
            ?? throw new InvalidOperationException($"Embedded SQL {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
