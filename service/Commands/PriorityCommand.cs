using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Output;
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
            var planYear = parse.GetValue(year);
            var resolved = Ward.Resolve(connection, parse.GetValue(ward), planYear - 1);
            YearGuard.RequirePlanYear(connection, resolved.Code, planYear, y => $"disu priority --year {y} --ward {resolved.Code}");
            var baseYear = connection.Scalar<int?>("SELECT max(review_year) FROM v_ward_year WHERE ward_code = ? AND review_year < ?", resolved.Code, planYear)
                ?? throw new ReportException(
                    $"Thứ tự ưu tiên năm {planYear} xếp hạng các tổ, thôn theo kỳ rà soát trước đó, nhưng {resolved.Name} chưa có kỳ nào trước {planYear}.",
                    $"The priority list for {planYear} ranks groups on the round before it, and {resolved.Name} has none before {planYear}.");
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT * FROM v_priority_groups WHERE ward_code = $ward AND review_year = $year ORDER BY priority_rank";
            query.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("ward", resolved.Code));
            query.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("year", baseYear));
            using var reader = query.ExecuteReader();
            var outputFormat = parse.GetValue(format);
            if (outputFormat != OutputFormat.Table)
            {
                ResultWriter.Write(reader, outputFormat, context.Out, context.Console, context.Language);
                return Cli.Ok;
            }
            WriteTable(context, resolved, planYear, baseYear, reader);
            return Cli.Ok;
        });
        return command;
    }

    private static void WriteTable(CliContext context, Ward ward, int planYear, int baseYear, System.Data.Common.DbDataReader reader)
    {
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        context.Console.Write(new Rule($"Thứ tự ưu tiên {ward.GroupNoun} năm {planYear} — {Markup.Escape(ward.Name)} (số liệu cuối năm {baseYear})"));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "Hạng", ward.GroupNounTitle, "Số hộ", "Tỷ lệ nghèo", "Dự kiến (khoảng 80%)", "Nguy cơ tái nghèo", "M0", "Chưa được hỗ trợ", "Điểm", "= nghèo + dự báo + tái nghèo + M0 + hỗ trợ" })
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(
                Text(r["priority_rank"]),
                Markup.Escape((string)r["group_name"]! + (r["small_cell"] is true ? " (*)" : "")),
                VietnameseNumbers.Count(Long(r["households"])),
                VietnameseNumbers.Percent(Double(r["poor_rate"])),
                r["expected_rate"] is null ? "—" : $"{VietnameseNumbers.Percent(Double(r["expected_rate"]))} ({VietnameseNumbers.Rate(Double(r["low80_rate"]))}–{VietnameseNumbers.Percent(Double(r["high80_rate"]))})",
                r["re_poor_risk"] is null ? "—" : $"{VietnameseNumbers.Percent(100 * Double(r["re_poor_risk"]), 1)} ({Long(r["re_poor_households"])} hộ)",
                r["m0"] is null ? "—" : Double(r["m0"]).ToString("0.0000", VietnameseNumbers.Culture),
                Long(r["entitled"]) == 0 ? "—" : $"{Long(r["uncovered"])}/{Long(r["entitled"])} lượt",
                Double(r["score"]).ToString("0.0", VietnameseNumbers.Culture),
                string.Join(" + ", new[] { "score_poor_rate", "score_expected_rate", "score_re_poor", "score_m0", "score_uncovered" }
                    .Select(c => Double(r[c]).ToString("0.0", VietnameseNumbers.Culture))));
        }
        context.Console.Write(table);
        foreach (var r in rows)
            context.Out.WriteLine($"{Text(r["priority_rank"])}. {r["recommendation_vi"]}");
        if (rows.Count > 0)
            context.Out.WriteLine($"Trọng số (disu settings): {rows[0]["weights_vi"]}; mỗi thành phần chia cho giá trị lớn nhất trong {ward.UnitNoun}, điểm 0–100.");
        if (rows.Any(r => r["small_cell"] is true))
            context.Out.WriteLine("(*) nhóm nhỏ: tỷ lệ và thứ hạng kém ổn định.");
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double Double(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
