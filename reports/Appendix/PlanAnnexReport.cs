using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DuckDB.NET.Data;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Appendix;

/// <summary>A poor household of the base round in the plan's annex: where it ranks, whether the plan counts on its escape, and why.</summary>
public sealed record AnnexHousehold(int WardRank, int GroupRank, string GroupCode, string GroupName, string HouseholdId, bool Planned, double Score,
    long Income, long PovertyLine, long IncomeGap, long Deprivations, long Cutoff, long DeprivationsAboveCutoff, long WorkingAge, long Members,
    long ProgramsReached, long ProgramsEntitled, string Reason);

/// <summary>
/// The annex that traces each planned escape to a household: every poor household of the base
/// round, ranked by how close it is to escaping, the plan's choice per group marked. Household-level
/// data, so only roles allowed household data may get it.
/// </summary>
public sealed class PlanAnnexReport : IReport
{
    private PlanAnnexReport(Ward ward, PlanYear year, ReviewYear baseYear, IReadOnlyList<AnnexHousehold> households, string stem, DateTimeOffset created, Provenance provenance,
        IReadOnlyList<DataSheet> sheets)
    {
        Ward = ward;
        Year = year;
        BaseYear = baseYear;
        Households = households;
        FileStem = stem;
        Provenance = provenance;
        Sheets = sheets;
        Info = new DocumentInfo($"Danh sách hộ nghèo dự kiến thoát nghèo {ward.NameInSentence} năm {year}", ward.IssuingUnit,
            $"Hộ nghèo cuối năm {baseYear} xếp theo mức độ gần thoát nghèo; hộ được tính vào chỉ tiêu thoát nghèo năm {year} của từng {ward.GroupShort}",
            $"kế hoạch; thoát nghèo; {ward.Name}; {year}", created);
        Decoration = new PageDecoration($"{ward.IssuingUnit} · Danh sách hộ dự kiến thoát nghèo năm {year} · Tài liệu có thông tin từng hộ", provenance.Line());
    }

    public Ward Ward { get; }

    public PlanYear Year { get; }

    public ReviewYear BaseYear { get; }

    public IReadOnlyList<AnnexHousehold> Households { get; }

    public string Kind => "plan-annex";

    public string FileStem { get; }

    public DocumentInfo Info { get; }

    public PageSetup Page => PageSetup.A4Landscape;

    public PageDecoration Decoration { get; }

    public Provenance Provenance { get; }

    public IReadOnlyList<DataSheet> Sheets { get; }

    public static PlanAnnexReport Build(DuckDBConnection connection, TimeProvider clock, Ward ward, PlanYear year, ReviewYear baseYear, IReadOnlyList<AnnexHousehold> households,
        string? stem = null)
    {
        var sheets = new[] { Sheet(ward, year, baseYear, households) };
        return new PlanAnnexReport(ward, year, baseYear, households, stem ?? $"plan-annex-{year}-{ward.Code}", clock.GetUtcNow(),
            Provenance.Read(connection, ward.Code, baseYear.Value, null, sheets), sheets);
    }

    public IEnumerable<Block> Compose()
    {
        yield return OfficialParts.Title(Info.Title,
            $"(Kèm theo Kế hoạch số {Ward.PlanNumber ?? "…"} ngày {Ward.PlanDate ?? "…"} của Ủy ban nhân dân {Ward.NameInSentence}; tài liệu có thông tin từng hộ, chỉ dùng nội bộ)");
        var columns = new[]
        {
            new TableColumn("Hạng", 0.45f, TextAlign.Center),
            new TableColumn(Ward.GroupNounTitle, 1.3f),
            new TableColumn("Mã hộ", 1f),
            new TableColumn($"Dự kiến thoát nghèo năm {Year}", 0.8f, TextAlign.Center),
            new TableColumn("Điểm (0–100)", 0.6f, TextAlign.Right),
            new TableColumn("Lý do", 5f),
        };
        var rows = Households.Select(h => new TableRow([N.Count(h.WardRank), h.GroupName, h.HouseholdId, h.Planned ? "Có" : "Không",
            h.Score.ToString("0.0", N.Culture), h.Reason])).ToList();
        yield return new Table(columns, rows) { Style = new TextStyle(9f) };
        yield return new Spacer(6);
        yield return new Paragraph(
            $"Hộ nghèo cuối năm {BaseYear} xếp theo điểm gần thoát nghèo (trung bình của bốn mức 0–1: thu nhập so với chuẩn nghèo, số chỉ số thiếu hụt vượt ngưỡng, " +
            $"tỷ lệ người trong độ tuổi lao động, tỷ lệ chính sách được hưởng đã nhận; nhân 100), điểm bằng nhau xếp theo mã hộ. Mỗi {Ward.GroupShort} có bao nhiêu hộ " +
            $"dự kiến thoát nghèo theo kế hoạch thì bấy nhiêu hộ đứng đầu {Ward.GroupShort} đó được ghi \"Có\".", new TextStyle(9.5f), 1);
    }

    private static DataSheet Sheet(Ward ward, PlanYear year, ReviewYear baseYear, IReadOnlyList<AnnexHousehold> households)
    {
        var headers = new[]
        {
            "Hạng trong " + ward.UnitNoun, "Hạng trong " + ward.GroupShort, "Mã " + ward.GroupShort, ward.GroupNounTitle, "Mã hộ", $"Dự kiến thoát nghèo năm {year}",
            "Điểm (0–100)", $"Thu nhập bình quân năm {baseYear} (đồng/người/tháng)", "Chuẩn nghèo (đồng/người/tháng)", "Thiếu so với chuẩn nghèo (đồng)",
            "Số chỉ số thiếu hụt", "Ngưỡng thiếu hụt", "Số chỉ số cần giảm", "Số người trong độ tuổi lao động", "Số nhân khẩu",
            "Chính sách đã nhận", "Chính sách được hưởng", "Lý do",
        };
        var rows = households.Select(h => (IReadOnlyList<object?>)
        [
            (long)h.WardRank, (long)h.GroupRank, h.GroupCode, h.GroupName, h.HouseholdId, h.Planned ? "Có" : "Không", Math.Round(h.Score, 1),
            h.Income, h.PovertyLine, h.IncomeGap, h.Deprivations, h.Cutoff, h.DeprivationsAboveCutoff, h.WorkingAge, h.Members,
            h.ProgramsReached, h.ProgramsEntitled, h.Reason,
        ]).ToList();
        return new DataSheet("Hộ dự kiến thoát nghèo", headers, rows);
    }
}
