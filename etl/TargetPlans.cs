using System.Globalization;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>
/// The group rows of a target file that give planned poor households (target_poor_households):
/// each ward-year's rows become a new plan version (method <c>file</c>) over the ward's latest round
/// before the plan year, with the forecast's expected entries in whole households (PlanBase). A
/// group the file does not name keeps the escapes of the current version (none without one). A row
/// the mart cannot plan (no such group in the base round, a target the group's own households
/// cannot reach) is rejected and may load when delivered again. When the groups do not add up to
/// the ward's target, the load says by how much; the appendix states the shortfall.
/// </summary>
internal static class TargetPlans
{
    public static IReadOnlyList<DiSu.Analytics.Mart.Text.Message> Apply(DuckDBConnection connection, long loadId, DateTimeOffset at, string author)
    {
        var rows = connection.Read<TargetRow>("""
            SELECT row_no, ward_code, group_code, y, households_v, rate_v, target_poor_households
            FROM clean WHERE households_v IS NOT NULL ORDER BY ward_code, y, row_no
            """);
        var warnings = new List<DiSu.Analytics.Mart.Text.Message>();
        var rejects = new List<(long Row, string Value, DiSu.Analytics.Mart.Text.Message Reason)>();
        foreach (var wardYear in rows.GroupBy(r => (Ward: r.WardCode, Year: r.Y)))
        {
            var (ward, year) = wardYear.Key;
            var plan = PlanBase.Read(connection, ward, year);
            if (plan is null)
            {
                rejects.AddRange(wardYear.Select(r => (r.RowNo, r.TargetPoorHouseholds,
                    new DiSu.Analytics.Mart.Text.Message(
                        $"target_poor_households: {ward} chưa có kỳ rà soát nào trước năm {year} làm gốc cho kế hoạch; nạp kết quả rà soát trước rồi nạp lại tệp này",
                        $"target_poor_households: {ward} has no review round before {year} to base the plan on; load the earlier review, then this file again"))));
                continue;
            }
            var given = new Dictionary<string, TargetRow>(StringComparer.Ordinal);
            foreach (var r in wardYear)
            {
                var code = r.GroupCode;
                var group = plan.Groups.SingleOrDefault(g => g.GroupCode == code);
                var k = r.HouseholdsV;
                if (group is null)
                    rejects.Add((r.RowNo, r.TargetPoorHouseholds,
                        new DiSu.Analytics.Mart.Text.Message(
                            $"target_poor_households: tổ '{code}' không có hộ nào trong kỳ rà soát {plan.BaseYear} của {ward} (kỳ gốc của kế hoạch năm {year}); các tổ: {string.Join(", ", plan.Groups.Select(g => g.GroupCode))}",
                            $"target_poor_households: group '{code}' has no household in {ward}'s {plan.BaseYear} review (the base round of the {year} plan); its groups: {string.Join(", ", plan.Groups.Select(g => g.GroupCode))}")));
                else if (k < group.ExpectedNewPoor + group.ExpectedRePoor || k > group.NoEscape)
                    rejects.Add((r.RowNo, r.TargetPoorHouseholds,
                        new DiSu.Analytics.Mart.Text.Message(
                            $"target_poor_households: tổ {code} đầu năm có {group.PoorStart} hộ nghèo, dự kiến {group.ExpectedNewPoor} hộ phát sinh mới và {group.ExpectedRePoor} hộ tái nghèo, " +
                            $"nên cuối năm {year} có từ {group.ExpectedNewPoor + group.ExpectedRePoor} hộ (mọi hộ nghèo thoát nghèo) đến {group.NoEscape} hộ (không hộ nào thoát nghèo); {k} hộ nằm ngoài khoảng đó",
                            $"target_poor_households: group {code} starts the year with {group.PoorStart} poor households and expects {group.ExpectedNewPoor} new and {group.ExpectedRePoor} re-poor, " +
                            $"so it ends {year} with {group.ExpectedNewPoor + group.ExpectedRePoor} (every poor household escapes) to {group.NoEscape} (none escapes); {k} is outside that range")));
                else
                    given[code] = r;
            }
            if (given.Count == 0) continue;

            var current = PlanStore.Current(connection, ward, year).ToDictionary(r => r.GroupCode, StringComparer.Ordinal);
            var targets = plan.Groups.Select(g => given.TryGetValue(g.GroupCode, out var r)
                ? new PlanTarget(g, g.NoEscape - r.HouseholdsV, "file", r.RateV, loadId, r.RowNo)
                : current.TryGetValue(g.GroupCode, out var kept)
                    ? new PlanTarget(g, Math.Min(g.PoorStart, kept.PlannedEscapes), kept.Method)
                    : new PlanTarget(g, 0, "file")).ToList();
            var unnamed = plan.Groups.Where(g => !given.ContainsKey(g.GroupCode)).Select(g => g.GroupCode).ToList();
            var inputs = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["load_id"] = loadId,
                ["forecast_model"] = plan.ModelId,
                ["base_year"] = plan.BaseYear,
                ["rounding"] = "largest remainder: whole households per group, the groups add up to the rounded ward total",
                ["groups_in_file"] = given.Keys.ToList(),
                ["groups_kept"] = unnamed,
            }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            var version = PlanStore.Save(connection, plan, targets, inputs, author, at);

            var planned = targets.Sum(t => t.PlannedPoor);
            var note = $"kế hoạch {ward} năm {year} (phiên bản {version})";
            var noteEn = $"the {year} plan of {ward} (version {version})";
            var urban = connection.Scalar<bool>("""
                SELECT count(*) FILTER (WHERE area = 'urban') >= count(*) FILTER (WHERE area <> 'urban')
                FROM geo_year WHERE is_current AND ward_code = ? AND review_year = ?
                """, ward, plan.BaseYear);
            var (whole, groups) = urban ? ("toàn phường", "các tổ") : ("toàn xã", "các thôn");
            if (unnamed.Count > 0)
                warnings.Add(current.Count == 0
                    ? new($"{note}: {groups} không có trong tệp chưa có hộ dự kiến thoát nghèo (chưa có kế hoạch trước đó): {string.Join(", ", unnamed)}",
                          $"{noteEn}: groups not in the file plan no escapes (there was no earlier plan): {string.Join(", ", unnamed)}")
                    : new($"{note}: {groups} không có trong tệp giữ số hộ thoát nghèo của phiên bản trước: {string.Join(", ", unnamed)}",
                          $"{noteEn}: groups not in the file keep the escapes of the previous version: {string.Join(", ", unnamed)}"));
            if (plan.ModelId is null)
                warnings.Add(new($"{note}: chưa có dự báo từ năm {plan.BaseYear} cho năm {year}, nên số hộ phát sinh mới và tái nghèo dự kiến lấy bằng 0",
                                 $"{noteEn}: no forecast from {plan.BaseYear} for {year}, so expected new and re-poor households are taken as 0"));
            if (plan.TargetHouseholds is not { } target)
                warnings.Add(new($"{note}: chưa có chỉ tiêu tỷ lệ {whole} của năm {year} để so với tổng {groups} ({planned} hộ)",
                                 $"{noteEn}: no ward target rate for {year} to compare the groups' total ({planned} households) with"));
            else if (planned != target)
                warnings.Add(planned > target
                    ? new($"{note}: chỉ tiêu {groups} cộng lại {planned} hộ nghèo cuối năm, vượt chỉ tiêu {whole} {target} hộ ({Percent(plan.TargetRate!.Value)} của {Count(plan.Households)} hộ) {planned - target} hộ; phụ lục ghi phần thiếu này",
                          $"{noteEn}: the groups' targets add up to {planned} poor households at the end of the year, {planned - target} above the ward's target of {target}; the appendix states the shortfall")
                    : new($"{note}: chỉ tiêu {groups} cộng lại {planned} hộ nghèo cuối năm, thấp hơn chỉ tiêu {whole} {target} hộ ({Percent(plan.TargetRate!.Value)} của {Count(plan.Households)} hộ) {target - planned} hộ",
                          $"{noteEn}: the groups' targets add up to {planned} poor households at the end of the year, {target - planned} below the ward's target of {target}"));
        }
        if (rejects.Count > 0)
        {
            var file = connection.Scalar<string>("SELECT file_name FROM etl_load WHERE load_id = ?", loadId)!;
            connection.Execute("CREATE OR REPLACE TEMP TABLE plan_reject_rows (row_no BIGINT, value VARCHAR, reason VARCHAR, reason_en VARCHAR)");
            using (var appender = connection.CreateAppender("temp", "main", "plan_reject_rows"))
                foreach (var (row, value, reason) in rejects)
                    appender.CreateRow().AppendValue(row).AppendValue(value).AppendValue(reason.Vi).AppendValue(reason.En).EndRow();
            connection.Execute("INSERT INTO etl_reject SELECT ?, ?, row_no, 'target_poor_households', value, reason, reason_en FROM plan_reject_rows", loadId, file);
            connection.Execute("INSERT INTO plan_reject SELECT row_no FROM plan_reject_rows; INSERT INTO mart_dependent SELECT row_no FROM plan_reject_rows;");
        }
        return warnings;
    }

    private sealed record TargetRow
    {
        public long RowNo { get; init; }
        public required string WardCode { get; init; }
        public required string GroupCode { get; init; }
        public int Y { get; init; }
        public long HouseholdsV { get; init; }
        public double? RateV { get; init; }
        public required string TargetPoorHouseholds { get; init; }
    }

    private static string Percent(double rate) => rate.ToString("0.##", Vi) + "%";

    private static string Count(long households) => households.ToString("#,0", Vi);

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
}
