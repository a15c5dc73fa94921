using System.ComponentModel;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Serve;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DiSu.Analytics.Service.Api;

public sealed record WardSummary(string Code, string Name, string ProvinceCode, string ProvinceName, int LatestYear, long Households, long Poor, double? PoorRate);

/// <param name="Geography">as_is: today's wards, their history restated; as_was: every ward loaded, as it was.</param>
public sealed record WardsResponse(IReadOnlyList<WardSummary> Wards, string? Geography = null);

/// <summary>Rows of a public view (column → value, the view's column names); <c>ward</c> and <c>year</c> echo what was answered (ward null: all wards).</summary>
/// <param name="Geography">Series of units only: the units read, as_is or as_was (as_was when as_is was asked for a ward that is not one of today's units).</param>
/// <param name="GeographyNote">Series of units only: what the documents print of the units (the unit changes restated through, or why as it was); null when nothing changed.</param>
public sealed record RowsResponse(string View, string? Ward, int? Year, int Count, IReadOnlyList<Dictionary<string, object?>> Rows,
    string? Geography = null, string? GeographyNote = null);

/// <summary>
/// Aggregates of the public views for leaders (and household-level risk for planners). Every query
/// is ours and parameterised, so it runs through <see cref="MartGate.Read{T}"/> and keeps working
/// while a job loads data. Query values and rows are never logged.
/// </summary>
public static class ReadEndpoints
{
    private const string Tag = "Wards, groups and forecasts";

    public static IEndpointRouteBuilder MapReadEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRole(Role.Leader).WithMartErrors().WithTags(Tag);

        api.MapGet("/wards", Wards).WithName("ListWards")
            .WithSummary("The wards in the mart: code, name, province, latest review year, households and poor rate of that year")
            .WithDescription("geography: as_is (default: today's wards, from v_ward_year_as_is) or as_was (every ward loaded, v_ward_year); anything else is 400. " +
                             "A key restricted to one ward sees only that ward. Role: leader or higher.")
            .Produces<WardsResponse>().ProducesProblems(400, 401, 403, 503);

        api.MapGet("/groups", Groups).WithName("ListGroups")
            .WithSummary("Residential groups of a review year (v_group_year): counts, rates and the start → end flows")
            .WithDescription("year (required): a review year loaded for the ward (or, without a ward, for some ward); otherwise 400 with the years loaded. " +
                             "ward: a ward code (default: the key's ward, or all wards). " +
                             "geography: as_is (default: history restated into today's units, v_group_year_as_is) or as_was (units as they were, v_group_year); " +
                             "a ward that is not one of today's units is answered as_was, and geography / geography_note say so; anything else is 400. Role: leader or higher.")
            .Produces<RowsResponse>().ProducesProblems(400, 401, 403, 404, 503);

        api.MapGet("/priority", Priority).WithName("ListPriorityGroups")
            .WithSummary("A ward's residential groups ranked for support in a plan year (v_priority_groups)")
            .WithDescription("year (required): the plan year N, at most the ward's latest review year + 1; groups are ranked on the ward's latest round before N, " +
                             "as 'disu priority --year N'; otherwise 400 with the rule and the years allowed. ward: required unless the key has one. Role: leader or higher.")
            .Produces<RowsResponse>().ProducesProblems(400, 401, 403, 404, 503);

        api.MapGet("/forecast", Forecast).WithName("GetForecast")
            .WithSummary("Expected poor households per residential group (v_group_forecast), or per household with level=household (v_household_risk)")
            .WithDescription("year (required): the year forecast (target_year, e.g. 2025 for a forecast from the 2024 round), a plan year: at most the latest review year + 1 " +
                             "of the ward (or, without a ward, of some ward); otherwise 400 with the rule and the years allowed. " +
                             "ward: default the key's ward, or all wards; required with level=household. " +
                             "level=household lists each household's risk of its ward and needs the role planner or higher; otherwise leader or higher. " +
                             "Each group and ward row carries forecast_caveat: the model's caveat in Vietnamese (thin data, or no better than the naive baselines), " +
                             "null when the forecast is sound; show it with the row's numbers, as the appendix, the briefing and 'disu forecast show' print it.")
            .Produces<RowsResponse>().ProducesProblems(400, 401, 403, 404, 503);
        return app;
    }

    private static IResult Wards(HttpContext http, MartGate gate,
        [Description("as_is (default) or as_was.")] string? geography)
    {
        if (!ApiQuery.TryGeography(http, out var units, out var badGeography)) return badGeography!;
        _ = geography;
        var caller = Caller.From(http.User);
        var rows = gate.Read(c => c.Read<WardRow>($"""
            SELECT ward_code, ward_name, province_code, province_name, review_year, households, poor, poor_rate
            FROM {units.WardYear()} WHERE ? IS NULL OR ward_code = ?
            QUALIFY review_year = max(review_year) OVER (PARTITION BY ward_code)
            ORDER BY ward_code
            """, caller.Ward, caller.Ward), http.RequestAborted);
        return Results.Ok(new WardsResponse(rows.Select(r => new WardSummary(r.WardCode, r.WardName, r.ProvinceCode, r.ProvinceName,
            r.ReviewYear, r.Households, r.Poor, r.PoorRate)).ToList(), units.Code()));
    }

    private static IResult Groups(HttpContext http, MartGate gate,
        [Description("The review year (required): a year whose review is loaded.")] [FromQuery(Name = "review_year")] string? reviewYear,
        [Description("The same as review_year (the older name).")] string? year,
        [Description("Ward code (default: the key's ward, or all wards).")] string? ward,
        [Description("as_is (default: history restated into today's units) or as_was (units as they were).")] string? geography)
    {
        if (!ApiQuery.TryReviewYear(year, reviewYear, out var y, out var bad)) return bad!;
        if (!ApiQuery.TryGeography(http, out var reading, out bad)) return bad!;
        _ = geography;
        var caller = Caller.From(http.User);
        var (asked, refusal) = ApiAccess.WardFor(caller, ward);
        if (refusal is not null) return refusal;
        return gate.Read(c =>
        {
            string? code = null;
            if (asked is not null && (code = ApiQuery.KnownWard(c, asked, caller, out var unknown)) is null) return unknown!;
            // The ward's own reading: as is, a merged ward's history is its predecessors'; a ward merged away is read as it was.
            var units = code is null ? null : Reports.UnitReading.Resolve(c, code, reading);
            var years = units is null ? ReportYears.ReadAll(c) : units.Years(c);
            if (ApiYears.Review(years, y, n => "/api/groups?" + (code is null ? "" : $"ward={code}&") + $"year={n}") is { } wrongYear) return wrongYear;
            var round = y!.Value;
            var view = units?.GroupYear ?? reading.GroupYear();
            var rows = ByYear(c, view, "review_year", code, round.Value, "ward_code, group_code");
            return Results.Ok(new RowsResponse(view, code, round.Value, rows.Count, rows, (units?.Used ?? reading).Code(), units?.Within([round.Value]).Note));
        }, http.RequestAborted);
    }

    private static IResult Priority(HttpContext http, MartGate gate,
        [Description("The plan year N (required, at most the latest review year + 1): groups are ranked on the ward's latest round before N.")] [FromQuery(Name = "plan_year")] string? planYear,
        [Description("The same as plan_year (the older name).")] string? year,
        [Description("Ward code; required unless the key is restricted to one ward.")] string? ward)
    {
        if (!ApiQuery.TryPlanYear(year, planYear, out var y, out var bad)) return bad!;
        var caller = Caller.From(http.User);
        var (asked, refusal) = ApiAccess.WardFor(caller, ward);
        if (refusal is not null) return refusal;
        return gate.Read(c =>
        {
            if (asked is null) return ApiQuery.WardRequired(c, new("Xếp hạng ưu tiên", "The priority ranking"));
            var code = ApiQuery.KnownWard(c, asked, caller, out var unknown);
            if (code is null) return unknown!;
            // As `disu priority --year N`: the ranking for plan year N is computed on the latest round before N.
            var years = ReportYears.Read(c, code);
            if (ApiYears.Plan(years, y, n => $"/api/priority?ward={code}&year={n}") is { } wrongYear) return wrongYear;
            var plan = y!.Value;
            var round = years.BaseYearOf(plan);
            var rows = ApiQuery.Rows(c, "SELECT * FROM v_priority_groups WHERE ward_code = ? AND review_year = ? ORDER BY priority_rank", [code, round]);
            return Results.Ok(new RowsResponse("v_priority_groups", code, plan.Value, rows.Count, rows));
        }, http.RequestAborted);
    }

    private static IResult Forecast(HttpContext http, MartGate gate,
        [Description("The plan year forecast (target_year, required), e.g. 2025 for the forecast from the 2024 round; at most the latest review year + 1.")] [FromQuery(Name = "plan_year")] string? planYear,
        [Description("The same as plan_year (the older name).")] string? year,
        [Description("Ward code (default: the key's ward, or all wards); required with level=household.")] string? ward,
        [Description("'group' (default): residential groups and the whole ward; 'household': each household's risk (planner or higher).")] string? level)
    {
        if (!ApiQuery.TryPlanYear(year, planYear, out var y, out var bad)) return bad!;
        var household = level?.Trim().ToLowerInvariant() switch
        {
            null or "" or "group" => false,
            "household" => true,
            _ => (bool?)null,
        };
        if (household is null)
            return ApiResults.BadRequest($"'level' phải là 'group' (mặc định) hoặc 'household'.", $"'level' must be 'group' (the default) or 'household'.");
        var caller = Caller.From(http.User);
        if (household.Value && !caller.Allows(Role.Planner))
            return ApiResults.Forbidden(
                $"Danh sách rủi ro theo hộ cần vai trò 'planner' trở lên; khóa này có vai trò '{caller.Role.ToString().ToLowerInvariant()}'. " +
                $"Bỏ level=household để xem dự kiến theo tổ, thôn.",
                $"Household-level risk lists need the role 'planner' or higher; this key's role is '{caller.Role.ToString().ToLowerInvariant()}'. " +
                $"Leave out level=household for the groups' expectations.");
        var (asked, refusal) = ApiAccess.WardFor(caller, ward);
        if (refusal is not null) return refusal;
        return gate.Read(c =>
        {
            if (household.Value && asked is null) return ApiQuery.WardRequired(c, new("Danh sách rủi ro theo hộ", "The household risk list"));
            string? code = null;
            if (asked is not null && (code = ApiQuery.KnownWard(c, asked, caller, out var unknown)) is null) return unknown!;
            var years = code is null ? ReportYears.ReadAll(c) : ReportYears.Read(c, code);
            var example = (int n) => "/api/forecast?" + (household.Value ? "level=household&" : "") + (code is null ? "" : $"ward={code}&") + $"year={n}";
            if (ApiYears.Plan(years, y, example) is { } wrongYear) return wrongYear;
            var view = household.Value ? "v_household_risk" : "v_group_forecast";
            // Groups in code order with the whole-ward row (group_code NULL) last; households riskiest first.
            var target = y!.Value;
            var rows = ByYear(c, view, "target_year", code, target.Value, household.Value
                ? "ward_code, base_year, p_poor_next DESC, household_id"
                : "ward_code, base_year, group_code NULLS LAST");
            if (rows.Count == 0)
                return ApiResults.NotFound(NoForecast(c, code, target));
            return Results.Ok(new RowsResponse(view, code, target.Value, rows.Count, rows));
        }, http.RequestAborted);
    }

    /// <summary>
    /// A view's rows of one year for one ward or all. The ward filter is written out (not
    /// "? IS NULL OR …") so that it reaches the views' scans (docs/mart.md, 0004).
    /// </summary>
    private static IReadOnlyList<Dictionary<string, object?>> ByYear(DuckDBConnection c, string view, string yearColumn, string? ward, int year, string orderBy)
    {
        var sql = $"SELECT * FROM {view} WHERE {yearColumn} = ?" + (ward is null ? "" : " AND ward_code = ?") + $" ORDER BY {orderBy}";
        return ApiQuery.Rows(c, sql, ward is null ? [year] : [year, ward]);
    }

    private static DiSu.Analytics.Mart.Text.Message NoForecast(DuckDBConnection c, string? ward, PlanYear year)
    {
        var years = string.Join(", ", c.Read<ForecastYear>("SELECT DISTINCT target_year FROM v_group_forecast WHERE ? IS NULL OR ward_code = ? ORDER BY 1", ward, ward)
            .Select(r => r.TargetYear.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (whoVi, whoEn) = ward is null ? ("phường, xã nào", "any ward") : ($"phường, xã {ward}", $"ward {ward}");
        if (years.Length > 0)
            return DiSu.Analytics.Mart.Text.Message.Of($"Không có dự báo năm {year} cho {whoVi}; các năm đã dự báo: {years}.",
                                                       $"There is no forecast of {year} for {whoEn}; years forecast: {years}.");
        return DiSu.Analytics.Mart.Text.Message.Of(
            $"Chưa có dự báo cho {whoVi}. Cán bộ lập dự báo bằng 'disu forecast train', hoặc dịch vụ tự lập sau mỗi lần nạp khi bật RefreshForecasts.",
            $"There is no forecast for {whoEn} yet. An officer makes one with 'disu forecast train', or the service does after a load when RefreshForecasts is on.");
    }

    private sealed record WardRow
    {
        public required string WardCode { get; init; }
        public required string WardName { get; init; }
        public required string ProvinceCode { get; init; }
        public required string ProvinceName { get; init; }
        public int ReviewYear { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public double? PoorRate { get; init; }
    }

    private sealed record ForecastYear { public int TargetYear { get; init; } }
}
