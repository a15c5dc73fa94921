using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forms;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What the Biểu mẫu page shows: the yearly forms (<see cref="FormsModel"/>, the same model the
/// documents print) of one ward or, for a person not restricted to one ward, one province, for a
/// review year that has a round before it; or why not (with the status the page answers), or the
/// wards and provinces to choose among (for a person of every ward who asked for neither). Every
/// code asked for is resolved against the mart before it is used, and a code of another ward is
/// refused before any read (403).
/// </summary>
public sealed record WebForms
{
    public const string WardParameter = "xa";
    public const string ProvinceParameter = "tinh";
    public const string YearParameter = "nam";
    public const string FormParameter = "bieu";

    public FormsModel? Model { get; init; }

    /// <summary>The one table asked for (<c>bieu=ngheo</c> or <c>can-ngheo</c>); null: both.</summary>
    public FormClass? Only { get; init; }

    /// <summary>The review years of the unit that have a round before them, oldest first.</summary>
    public IReadOnlyList<int> Years { get; init; } = [];

    public IReadOnlyList<(string Code, string? Name)> Wards { get; init; } = [];
    public IReadOnlyList<(string Code, string Name)> Provinces { get; init; } = [];

    /// <summary>Whether the person may choose another unit: anyone not restricted to one ward (a ward's form or a province's).</summary>
    public bool MayChoose { get; init; }

    public int Status { get; init; } = StatusCodes.Status200OK;
    public string? Problem { get; init; }

    public IEnumerable<FormTable> Tables => Model is null ? [] : Model.Tables.Where(t => Only is null || t.Class == Only);

    /// <summary>The form's document in <paramref name="format"/> (pdf, xlsx, csv), as <c>GET /api/reports/forms</c> takes it.</summary>
    public string Link(string format)
    {
        var m = Model ?? throw new InvalidOperationException("no form to link to");
        var unit = m.Level == FormLevel.Ward ? "ward" : "province";
        return $"/api/reports/forms?year={m.Year.Value.ToString(CultureInfo.InvariantCulture)}&{unit}={Uri.EscapeDataString(m.Code)}&format={format}";
    }

    /// <summary>This page for the same unit with other parameters, e.g. another form.</summary>
    public string PageLink(string? form)
    {
        var m = Model ?? throw new InvalidOperationException("no form to link to");
        var unit = m.Level == FormLevel.Ward ? WardParameter : ProvinceParameter;
        var path = $"{Path}?{unit}={Uri.EscapeDataString(m.Code)}&{YearParameter}={m.Year.Value.ToString(CultureInfo.InvariantCulture)}";
        return form is null ? path : $"{path}&{FormParameter}={form}";
    }

    public const string Path = "/bao-cao/bieu-mau";

    public static WebForms Read(MartGate gate, PageCache cache, Caller caller, string? ward, string? province, string? year, string? form,
        CancellationToken cancellation)
    {
        FormClass? only;
        switch (form?.Trim().ToLowerInvariant())
        {
            case null or "": only = null; break;
            case "ngheo": only = FormClass.Poor; break;
            case "can-ngheo": only = FormClass.NearPoor; break;
            default:
                return Refusal(StatusCodes.Status400BadRequest, "Biểu phải là 'ngheo' (hộ nghèo) hoặc 'can-ngheo' (hộ cận nghèo); bỏ trống để xem cả hai.");
        }
        var wardAsked = string.IsNullOrWhiteSpace(ward) ? null : ward;
        var provinceAsked = string.IsNullOrWhiteSpace(province) ? null : province.Trim();
        if (wardAsked is not null && provinceAsked is not null)
            return Refusal(StatusCodes.Status400BadRequest, "Chọn một phường, xã (xa) hoặc một tỉnh (tinh), không chọn cả hai.");
        if (provinceAsked is not null && caller.Ward is { } own)
            return Refusal(StatusCodes.Status403Forbidden,
                $"Tài khoản của bạn chỉ dùng cho phường, xã {own}; biểu cấp tỉnh dành cho tài khoản không giới hạn một phường, xã.");
        if (WebWard.Refused(caller, wardAsked) is { } refused) return Refusal(refused.Status, refused.Problem!);

        var chosen = gate.Read(c => Choose(c, caller, wardAsked, provinceAsked), cancellation);
        if (chosen.Level is not { } level || chosen.Code is not { } code) return chosen.Page with { Only = only };
        var page = chosen.Page with { Only = only, Years = chosen.Years };
        var name = chosen.Name ?? code;
        if (chosen.Years.Count == 0)
            return page with
            {
                Status = StatusCodes.Status404NotFound,
                Problem = $"{name} chưa có biểu mẫu: biểu cần kết quả rà soát của năm và vòng rà soát trước đó, kho dữ liệu mới có một vòng.",
            };
        var latest = chosen.Years[^1];
        int asked;
        if (string.IsNullOrWhiteSpace(year)) asked = latest;
        else if (!int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out asked))
            return page with { Status = StatusCodes.Status400BadRequest, Problem = $"Năm phải là một số như {latest}." };
        if (!chosen.Years.Contains(asked))
            return page with
            {
                Status = StatusCodes.Status400BadRequest,
                Problem = $"Năm {asked} không có biểu mẫu của {name}: biểu cần kết quả rà soát năm đó và vòng rà soát trước đó. "
                          + $"Hãy chọn năm {string.Join(", ", chosen.Years)}.",
            };
        try
        {
            // About as long to read as the overview's briefing (the view places every household), and the data change only when a job writes.
            var model = cache.Read($"forms:{level}:{code}:{asked}", c => FormsModel.Read(c, level, code, new ReviewYear(asked)), cancellation);
            return page with { Model = model };
        }
        catch (ReportException e)
        {
            return page with { Status = StatusCodes.Status404NotFound, Problem = e.Text.Vi };
        }
    }

    private sealed record Chosen(WebForms Page, FormLevel? Level = null, string? Code = null, string? Name = null)
    {
        public IReadOnlyList<int> Years { get; init; } = [];
    }

    private static Chosen Choose(DuckDBConnection c, Caller caller, string? ward, string? province)
    {
        var unrestricted = caller.Ward is null;
        var provinces = unrestricted ? ProvincesOf(c) : [];
        if (province is not null)
        {
            var found = provinces.FirstOrDefault(p => string.Equals(p.Code, province, StringComparison.OrdinalIgnoreCase));
            if (found.Code is null)
                return new Chosen(new WebForms
                {
                    Status = StatusCodes.Status404NotFound, Provinces = provinces, Wards = WardsOf(c), MayChoose = true,
                    Problem = "Không có tỉnh này trong kho dữ liệu; hãy chọn một tỉnh trong danh sách.",
                });
            return new Chosen(new WebForms { Provinces = provinces, MayChoose = true }, FormLevel.Province, found.Code, found.Name)
            {
                Years = YearsOf(c, "province_code", found.Code),
            };
        }
        if (unrestricted && ward is null)
        {
            // Two levels to choose from even when the mart holds one ward: its form or its province's.
            var wards = WardsOf(c);
            return new Chosen(new WebForms
            {
                Wards = wards, Provinces = provinces, MayChoose = true,
                Problem = wards.Count == 0 ? "Kho dữ liệu chưa có phường, xã nào: cần nạp kết quả rà soát trước." : null,
            });
        }
        var resolved = WebWard.Resolve(c, caller, ward);
        if (resolved.Code is not { } code)
            return new Chosen(new WebForms
            {
                Status = resolved.Status, Problem = resolved.Problem, Wards = resolved.Choices, Provinces = provinces, MayChoose = unrestricted,
            });
        return new Chosen(new WebForms { MayChoose = unrestricted }, FormLevel.Ward, code, ReportYears.Read(c, code).WardName)
        {
            Years = YearsOf(c, "ward_code", code),
        };
    }

    private static List<(string Code, string? Name)> WardsOf(DuckDBConnection c) =>
        Mart.Wards.Loaded(c).Select(w => (w, ReportYears.Read(c, w).WardName)).ToList();

    private static List<(string Code, string Name)> ProvincesOf(DuckDBConnection c) =>
        c.Read<ProvinceRow>("""
            SELECT province_code, any_value(province_name) AS province_name
            FROM geo_year WHERE is_current AND province_code IS NOT NULL
            GROUP BY province_code ORDER BY province_code
            """).Select(p => (p.ProvinceCode, p.ProvinceName ?? p.ProvinceCode)).ToList();

    // The column is one of two names this class passes, never a person's input.
    private static List<int> YearsOf(DuckDBConnection c, string column, string code) =>
        c.Read<YearRow>($"SELECT DISTINCT review_year FROM v_form_summary WHERE {column} = ? ORDER BY review_year", code)
            .Select(y => y.ReviewYear).ToList();

    private static WebForms Refusal(int status, string problem) => new() { Status = status, Problem = problem };

    private sealed record ProvinceRow
    {
        public required string ProvinceCode { get; init; }
        public string? ProvinceName { get; init; }
    }

    private sealed record YearRow
    {
        public int ReviewYear { get; init; }
    }
}
