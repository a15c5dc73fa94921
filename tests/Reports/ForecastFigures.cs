using System.Net;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>One row of <c>v_group_forecast</c> (<see cref="GroupCode"/> null: the ward), the figures every document prints.</summary>
public sealed record ForecastRow(string? GroupCode, string GroupName, double ExpectedPoor, double ExpectedRate, double ExpectedRePoor, string? Caveat);

/// <summary>
/// What each document prints of a ward's forecast, checked against <c>v_group_forecast</c> after
/// the rounding that document uses: the appendix and <c>disu forecast show</c> give counts to tenths
/// that add up to the ward row and rates to hundredths, the briefing whole households ("khoảng 9 hộ")
/// and rates to hundredths, the API the stored values.
/// </summary>
public static class ForecastFigures
{
    public static IReadOnlyList<ForecastRow> Read(DuckDBConnection connection, string ward, int year)
    {
        var rows = connection.Rows("""
            SELECT group_code, group_name, expected_poor, expected_rate, expected_re_poor, forecast_caveat
            FROM v_group_forecast WHERE ward_code = ? AND target_year = ? ORDER BY group_code NULLS LAST
            """, ward, year)
            .Select(r => new ForecastRow(r[0] as string, (string)r[1]!, (double)r[2]!, (double)r[3]!, (double)r[4]!, r[5] as string))
            .ToList();
        rows.Count(r => r.GroupCode is null).ShouldBe(1, $"one ward row of the {year} forecast of {ward}");
        return rows;
    }

    /// <summary>Expected counts to tenths as the appendix rounds them: the groups add up to the ward row.</summary>
    public static Dictionary<string, double> Tenths(IReadOnlyList<ForecastRow> rows, Func<ForecastRow, double> figure)
    {
        var groups = rows.Where(r => r.GroupCode is not null).ToList();
        var rounded = LargestRemainder.Round(groups.Select(figure).ToList(), 1);
        var tenths = groups.Select((g, i) => (g.GroupCode!, rounded[i])).ToDictionary(p => p.Item1, p => p.Item2);
        tenths[""] = Math.Round(rounded.Sum(), 1);
        return tenths;
    }

    private static string Key(string? groupCode) => groupCode ?? "";

    /// <summary>The appendix's forecast table (Bảng 2): expected poor to tenths adding up to the ward row, the forecast's rate to hundredths.</summary>
    public static void AppendixPrints(AppendixModel model, IReadOnlyList<ForecastRow> view, PdfText? pdf)
    {
        var poor = Tenths(view, r => r.ExpectedPoor);
        model.HasForecast.ShouldBeTrue();
        // The forecast table follows its caption; the plan's table above it has rows that start alike.
        var lines = pdf?.Pages.SelectMany(p => p).SkipWhile(l => !l.StartsWith(AppendixReport.ForecastCaption, StringComparison.Ordinal)).ToList();
        lines?.ShouldNotBeEmpty("the appendix prints its forecast table");
        foreach (var row in view)
        {
            var printed = row.GroupCode is null ? model.Total : model.Groups.Single(g => g.GroupCode == row.GroupCode);
            var expected = printed.Expected.ShouldNotBeNull();
            expected.Poor.ShouldBe(poor[Key(row.GroupCode)], $"appendix expected poor of {row.GroupName}");
            expected.Rate.ShouldBe(Math.Round(row.ExpectedRate, 2), $"appendix expected rate of {row.GroupName}");
            if (lines is null) continue;
            // Columns: STT, group, households, expected poor, expected rate (%), 80% interval …
            var start = row.GroupCode is null ? "Toàn " : $"{model.Groups.ToList().FindIndex(g => g.GroupCode == row.GroupCode) + 1} {printed.Name}";
            var line = lines.First(l => l.StartsWith(start, StringComparison.Ordinal));
            line.ShouldContain($" {N.Count(printed.Households)} {N.Decimal(poor[Key(row.GroupCode)])} {N.Rate(row.ExpectedRate)} ", Case.Sensitive,
                $"appendix PDF forecast row of {row.GroupName}");
        }
    }

    public static void BriefingPrints(BriefingModel model, IReadOnlyList<ForecastRow> view, int year)
    {
        var ward = view.Single(r => r.GroupCode is null);
        var text = new BriefingSentences(model);
        var forecast = model.Forecast.ShouldNotBeNull();
        forecast.ExpectedPoor.ShouldBe(ward.ExpectedPoor);
        forecast.ExpectedRate.ShouldBe(ward.ExpectedRate);
        text.Forecast().ShouldContain($"dự kiến còn {BriefingSentences.Households(ward.ExpectedPoor)} nghèo, tỷ lệ {N.Percent(ward.ExpectedRate)}", Case.Sensitive);
        model.RiskGroups.ShouldNotBeEmpty();
        foreach (var group in model.RiskGroups)
        {
            var row = view.Single(r => r.GroupCode == group.GroupCode);
            text.RiskLine(group).ShouldContain($"dự kiến năm {year}: {N.Percent(row.ExpectedRate)} ({BriefingSentences.Households(row.ExpectedPoor)})", Case.Sensitive);
        }
        var risk = model.RePoverty.ShouldNotBeNull();
        risk.Households.ShouldBeGreaterThan(0, "formerly poor households to speak of");
        risk.ExpectedRePoor.ShouldBe(ward.ExpectedRePoor);
        text.RePoverty().ShouldContain($"tức dự kiến {BriefingSentences.Households(ward.ExpectedRePoor)} có thể nghèo trở lại", Case.Sensitive);
        foreach (var group in risk.Groups)
            group.ExpectedRePoor.ShouldBe(view.Single(r => r.GroupCode == group.GroupCode).ExpectedRePoor, $"re-poor of {group.GroupName} in the briefing's table");
    }

    /// <summary>`disu forecast show --year Y --ward W` on <paramref name="martPath"/>; returns what it printed.</summary>
    public static string ShowPrints(string martPath, string ward, int year, IReadOnlyList<ForecastRow> view)
    {
        var show = CliRun.Of("forecast", "show", "--mart", martPath, "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ward", ward);
        show.ExitCode.ShouldBe(0, show.Error);
        // Table rows: "│ name │ households │ poor │ rate now │ expected poor │ expected rate │ 80% │ 95% │ re-poor │ target │ chance │"
        var cells = show.Out.Split('\n')
            .Where(l => l.TrimStart().StartsWith('│'))
            .Select(l => l.Split('│').Select(c => c.Trim()).ToArray()[1..^1])
            .Where(c => c.Length == 11 && c[1] != "Số hộ")
            .ToDictionary(c => c[0]);
        var poor = Tenths(view, r => r.ExpectedPoor);
        var rePoor = Tenths(view, r => r.ExpectedRePoor);
        cells.Count.ShouldBe(view.Count, show.Out);
        foreach (var row in view)
        {
            // The ward's row says what the unit is: "Toàn phường" or "Toàn xã".
            var printed = cells[row.GroupCode is null ? cells.Keys.Single(k => k is "Toàn phường" or "Toàn xã") : row.GroupName];
            printed[4].ShouldBe(N.Decimal(poor[Key(row.GroupCode)]), $"forecast show: expected poor of {row.GroupName}");
            printed[5].ShouldBe(N.Percent(row.ExpectedRate), $"forecast show: expected rate of {row.GroupName}");
            printed[8].ShouldBe(N.Decimal(rePoor[Key(row.GroupCode)]), $"forecast show: expected re-poor of {row.GroupName}");
        }
        return show.Out;
    }

    /// <summary>GET /api/forecast?ward=W&amp;year=Y as a leader: the stored values, caveat included.</summary>
    public static async Task ApiGives(TestService service, string ward, int year, IReadOnlyList<ForecastRow> view)
    {
        using var client = service.Client("leader");
        var response = await client.GetAsync($"/api/forecast?ward={ward}&year={year}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = (await response.Json()).Rows().ToList();
        rows.Count.ShouldBe(view.Count);
        foreach (var row in rows)
        {
            var code = row.GetProperty("group_code").ValueKind == JsonValueKind.Null ? null : row.Text("group_code");
            var expected = view.Single(r => r.GroupCode == code);
            row.GetProperty("expected_poor").GetDouble().ShouldBe(expected.ExpectedPoor);
            row.GetProperty("expected_rate").GetDouble().ShouldBe(expected.ExpectedRate);
            row.GetProperty("expected_re_poor").GetDouble().ShouldBe(expected.ExpectedRePoor);
            var caveat = row.GetProperty("forecast_caveat");
            (caveat.ValueKind == JsonValueKind.Null ? null : caveat.GetString()).ShouldBe(expected.Caveat, $"forecast_caveat of {expected.GroupName}");
        }
    }
}
