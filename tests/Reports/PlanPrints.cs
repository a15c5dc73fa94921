using System.Globalization;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Support;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>A row of the appendix's plan table (Bảng 1) as the PDF prints it, read back from its text.</summary>
public sealed record PrintedPlanRow(string Name, long Households, long PoorStart, string PoorStartRate, long Escapes, long NewPoor, long RePoor,
    long PoorEnd, string PoorEndRate, string Target);

/// <summary>
/// What the appendix prints of a plan, checked on the PDF's text: every count a whole number, every
/// row start − escapes + new + re-poor = end, every rate the one its printed counts give, the groups
/// adding up to the ward row, and every number the one <c>v_group_plan</c> holds.
/// </summary>
public static class PlanPrints
{
    /// <summary>The plan table's rows: the lines above the forecast table that start with a row's number and name.</summary>
    public static IReadOnlyList<PrintedPlanRow> Read(PdfText pdf, GroupPlan plan, Ward ward)
    {
        var lines = pdf.Pages.SelectMany(p => p).TakeWhile(l => !l.StartsWith(AppendixReport.ForecastCaption, StringComparison.Ordinal)).ToList();
        var rows = new List<PrintedPlanRow>();
        foreach (var (prefix, name) in plan.Groups.Select((g, i) => ($"{i + 1} {g.Name}", g.Name)).Append(("Toàn " + ward.NameInSentence, "Toàn " + ward.NameInSentence)))
        {
            var line = lines.Where(l => l.StartsWith(prefix + " ", StringComparison.Ordinal)).ShouldHaveSingleItem($"one plan row for {name}");
            var cells = line[prefix.Length..].Replace("(*)", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            rows.Add(new PrintedPlanRow(name, Count(cells[0], name), Count(cells[1], name), cells[2], Count(cells[3], name), Count(cells[4], name),
                Count(cells[5], name), Count(cells[6], name), cells[7], cells[8]));
        }
        return rows;
    }

    /// <summary>Every identity on the printed plan, and the printed numbers equal to <paramref name="plan"/> (v_group_plan).</summary>
    public static IReadOnlyList<PrintedPlanRow> Reconcile(PdfText pdf, GroupPlan plan, Ward ward)
    {
        var printed = Read(pdf, plan, ward);
        foreach (var (row, view) in printed.Zip(plan.Groups.Append(plan.Total)))
        {
            var what = $"{ward.Code} {row.Name}";
            (row.PoorStart - row.Escapes + row.NewPoor + row.RePoor).ShouldBe(row.PoorEnd, $"{what}: start − escapes + new + re-poor = end on the printed row");
            row.PoorStartRate.ShouldBe(N.Rate(100.0 * row.PoorStart / row.Households), $"{what}: the start rate from the printed counts");
            row.PoorEndRate.ShouldBe(N.Rate(100.0 * row.PoorEnd / row.Households), $"{what}: the end rate from the printed counts");
            row.Escapes.ShouldBeLessThanOrEqualTo(row.PoorStart, $"{what}: no more escapes than poor households");
            (row.Households, row.PoorStart, row.Escapes, row.NewPoor, row.RePoor, row.PoorEnd)
                .ShouldBe((view.Households, view.PoorStart, view.PlannedEscapes, view.ExpectedNewPoor, view.ExpectedRePoor, view.PlannedPoor), $"{what}: v_group_plan");
            row.PoorEndRate.ShouldBe(N.Rate(view.PlannedRate), $"{what}: v_group_plan.planned_rate");
            row.Target.ShouldBe(view.TargetRate is { } t ? N.Rate(t) : "—", $"{what}: v_group_plan.target_poor_rate");
        }
        var groups = printed.Take(printed.Count - 1).ToList();
        var total = printed[^1];
        (groups.Sum(g => g.Households), groups.Sum(g => g.PoorStart), groups.Sum(g => g.Escapes), groups.Sum(g => g.NewPoor), groups.Sum(g => g.RePoor), groups.Sum(g => g.PoorEnd))
            .ShouldBe((total.Households, total.PoorStart, total.Escapes, total.NewPoor, total.RePoor, total.PoorEnd), $"{ward.Code}: the groups add up to the ward row");
        if (plan.Total.TargetHouseholds is { } most)
        {
            if (total.PoorEnd <= most)
                pdf.Flow.ShouldContain("đạt mục tiêu", Case.Sensitive, $"{ward.Code}: met");
            else
                pdf.Flow.ShouldContain($"thiếu {N.Count(total.PoorEnd - most)} hộ so với mục tiêu", Case.Sensitive, $"{ward.Code}: the shortfall stated");
        }
        return printed;
    }

    private static long Count(string cell, string row)
    {
        long.TryParse(cell.Replace(".", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            .ShouldBeTrue($"'{cell}' in the row of {row} is a whole number of households");
        return value;
    }
}
