using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu priority`: the ward's residential groups ranked for the plan year, each component shown.</summary>
internal static class PriorityCommand
{
    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var year = new Option<int>("--year") { Description = "Plan year N: groups are ranked on the ward's latest round before N; at most the latest review year + 1.", Required = true };
        var ward = new Option<string?>("--ward") { Description = "Ward code; may be left out when the mart holds one ward." };
        var format = CommonOptions.Format();
        var command = new Command("priority",
            "Rank a ward's residential groups for support: poor rate, forecast, re-poverty risk, Alkire–Foster M0 and unreached entitlements (weights: disu settings).")
        {
            mart, year, ward, format,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            PlanYear planYear = parse.GetValue(year);
            var resolved = Ward.Resolve(connection, parse.GetValue(ward), planYear);
            var years = YearGuard.RequirePlanYear(connection, resolved.Code, planYear, y => $"disu priority --year {y} --ward {resolved.Code}");
            var baseYear = years.BaseYearOf(planYear)
                ?? throw new ReportException(
                    $"Thứ tự ưu tiên năm {planYear} xếp hạng các tổ, thôn theo kỳ rà soát trước đó, nhưng {resolved.Name} chưa có kỳ nào trước {planYear}.",
                    $"The priority list for {planYear} ranks groups on the round before it, and {resolved.Name} has none before {planYear}.");
            const string Sql = "SELECT * FROM v_priority_groups WHERE ward_code = $ward AND review_year = $year ORDER BY priority_rank";
            var outputFormat = parse.GetValue(format);
            if (outputFormat != OutputFormat.Table)
            {
                using var query = connection.CreateCommand();
                query.CommandText = Sql;
                query.Parameters.Add(new DuckDBParameter("ward", resolved.Code));
                query.Parameters.Add(new DuckDBParameter("year", baseYear.Value));
                using var reader = query.ExecuteReader();
                ResultWriter.Write(reader, outputFormat, context.Out, context.Console, context.Language);
                return Cli.Ok;
            }
            WriteTable(context, resolved, planYear, baseYear,
                connection.Read<PriorityRow>(Sql, new DuckDBParameter("ward", resolved.Code), new DuckDBParameter("year", baseYear.Value)));
            return Cli.Ok;
        });
        return command;
    }

    private static void WriteTable(CliContext context, Ward ward, PlanYear planYear, ReviewYear baseYear, IReadOnlyList<PriorityRow> rows)
    {
        context.Console.Write(new Rule($"Thứ tự ưu tiên {ward.GroupNoun} năm {planYear} — {Markup.Escape(ward.Name)} (số liệu cuối năm {baseYear})"));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "Hạng", ward.GroupNounTitle, "Số hộ", "Tỷ lệ nghèo", "Dự kiến (khoảng 80%)", "Nguy cơ tái nghèo", "M0", "Chưa được hỗ trợ", "Điểm", "= nghèo + dự báo + tái nghèo + M0 + hỗ trợ" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(
                Rank(r),
                Markup.Escape(r.GroupName + (r.SmallCell is true ? " (*)" : "")),
                VietnameseNumbers.Count(r.Households),
                VietnameseNumbers.Percent(r.PoorRate),
                r is { ExpectedRate: { } expected, Low80Rate: { } low, High80Rate: { } high }
                    ? $"{VietnameseNumbers.Percent(expected)} ({VietnameseNumbers.Rate(low)}–{VietnameseNumbers.Percent(high)})" : "—",
                r is { RePoorRisk: { } risk, RePoorHouseholds: { } households } ? $"{VietnameseNumbers.Percent(100 * risk, 1)} ({households} hộ)" : "—",
                r.M0 is { } m0 ? m0.ToString("0.0000", VietnameseNumbers.Culture) : "—",
                r.Entitled == 0 ? "—" : $"{r.Uncovered}/{r.Entitled} lượt",
                r.Score.ToString("0.0", VietnameseNumbers.Culture),
                string.Join(" + ", new[] { r.ScorePoorRate, r.ScoreExpectedRate, r.ScoreRePoor, r.ScoreM0, r.ScoreUncovered }
                    .Select(c => c.ToString("0.0", VietnameseNumbers.Culture))));
        }
        context.Console.Write(table);
        foreach (var r in rows)
            context.Out.WriteLine($"{Rank(r)}. {r.RecommendationVi}");
        if (rows.Count > 0)
            context.Out.WriteLine($"Trọng số (disu settings): {rows[0].WeightsVi}; mỗi thành phần chia cho giá trị lớn nhất trong {ward.UnitNoun}, điểm 0–100.");
        if (rows.Any(r => r.SmallCell is true))
            context.Out.WriteLine("(*) nhóm nhỏ: tỷ lệ và thứ hạng kém ổn định.");
    }

    private static string Rank(PriorityRow r) => r.PriorityRank.ToString(CultureInfo.InvariantCulture);

    /// <summary>The columns of <c>v_priority_groups</c> the table shows.</summary>
    private sealed record PriorityRow
    {
        public long PriorityRank { get; init; }
        public required string GroupName { get; init; }
        public bool? SmallCell { get; init; }
        public long Households { get; init; }
        public double PoorRate { get; init; }
        public double? ExpectedRate { get; init; }
        public double? Low80Rate { get; init; }
        public double? High80Rate { get; init; }
        public double? RePoorRisk { get; init; }
        public long? RePoorHouseholds { get; init; }
        public double? M0 { get; init; }
        public long Entitled { get; init; }
        public long Uncovered { get; init; }
        public double Score { get; init; }
        public double ScorePoorRate { get; init; }
        public double ScoreExpectedRate { get; init; }
        public double ScoreRePoor { get; init; }
        public double ScoreM0 { get; init; }
        public double ScoreUncovered { get; init; }
        public string? RecommendationVi { get; init; }
        public string? WeightsVi { get; init; }
    }
}
