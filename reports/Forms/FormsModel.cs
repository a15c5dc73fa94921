using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>Which summary: of poor households, or of near-poor households (one table each).</summary>
public enum FormClass
{
    Poor,
    NearPoor,
}

/// <summary>The level a form is filed at: a ward (rows are its residential groups) or a province (rows are its wards).</summary>
public enum FormLevel
{
    Ward,
    Province,
}

/// <summary>
/// One row of a form as <c>v_form_summary</c> holds it: a residential group (ward form) or a ward
/// (province form). On every row EndHouseholds = StartHouseholds − Escaped + Returned + Newly; every
/// rate is 100 × count / Households (the unit's resident households this year), null when there are none.
/// The components say what the three columns hold beyond the class changes themselves.
/// </summary>
public sealed record FormRow
{
    public required string UnitCode { get; init; }
    public required string UnitName { get; init; }

    /// <summary><c>urban</c> or <c>rural</c>: which section (I. thành thị, II. nông thôn) the row is printed in.</summary>
    public required string Area { get; init; }

    public long Households { get; init; }
    public long HouseholdsDtts { get; init; }
    public long StartHouseholds { get; init; }
    public double? StartRate { get; init; }
    public long StartDtts { get; init; }
    public double? StartDttsRate { get; init; }

    /// <summary><c>approved</c> when a planner recorded the approved start (<c>form_start</c>), else <c>review</c>.</summary>
    public required string StartSource { get; init; }

    /// <summary>The decision(s) the recorded start cites; null when the start is the previous review's.</summary>
    public string? StartBasis { get; init; }

    /// <summary>The start as the mart's previous review holds it (differs from StartHouseholds only when approved).</summary>
    public long ReviewStart { get; init; }

    /// <summary>When a corrected delivery replaced the previous round: the start as its first delivery had it; null otherwise.</summary>
    public long? FirstDeliveryStart { get; init; }

    public long Escaped { get; init; }
    public double? EscapedRate { get; init; }
    public long Returned { get; init; }
    public double? ReturnedRate { get; init; }
    public long Newly { get; init; }
    public double? NewlyRate { get; init; }
    public long EndHouseholds { get; init; }
    public double? EndRate { get; init; }
    public long EndDtts { get; init; }
    public double? EndDttsRate { get; init; }

    // What the "escaped" column holds: EscapedInUnit + BecamePoor + MovedToOtherGroup + LeftWard + CorrectionDown.
    public long EscapedInUnit { get; init; }

    /// <summary>Near-poor form only: near-poor households that became poor (out of the near-poor list, not an escape).</summary>
    public long BecamePoor { get; init; }
    public long MovedToOtherGroup { get; init; }
    public long LeftWard { get; init; }
    public long CorrectionDown { get; init; }

    // What the "newly" column holds: NewlyInUnit + FromPoor + MovedFromOtherGroup + EnteredWard + CorrectionUp.
    public long NewlyInUnit { get; init; }

    /// <summary>Near-poor form only: poor households that became near-poor.</summary>
    public long FromPoor { get; init; }
    public long MovedFromOtherGroup { get; init; }
    public long EnteredWard { get; init; }
    public long CorrectionUp { get; init; }

    /// <summary>The row that adds up <paramref name="rows"/> (a section's subtotal, the form's total), its rates from its own counts.</summary>
    public static FormRow Sum(string code, string name, string area, IReadOnlyList<FormRow> rows)
    {
        long S(Func<FormRow, long> f) => rows.Sum(f);
        var households = S(r => r.Households);
        double? Rate(long count) => households == 0 ? null : 100.0 * count / households;
        var start = S(r => r.StartHouseholds);
        var startDtts = S(r => r.StartDtts);
        var escaped = S(r => r.Escaped);
        var returned = S(r => r.Returned);
        var newly = S(r => r.Newly);
        var end = S(r => r.EndHouseholds);
        var endDtts = S(r => r.EndDtts);
        var bases = rows.Select(r => r.StartBasis).OfType<string>().SelectMany(b => b.Split("; ")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new FormRow
        {
            UnitCode = code, UnitName = name, Area = area,
            Households = households, HouseholdsDtts = S(r => r.HouseholdsDtts),
            StartHouseholds = start, StartRate = Rate(start), StartDtts = startDtts, StartDttsRate = Rate(startDtts),
            StartSource = rows.Any(r => r.StartSource == "approved") ? "approved" : "review",
            StartBasis = bases.Count == 0 ? null : string.Join("; ", bases),
            ReviewStart = S(r => r.ReviewStart),
            FirstDeliveryStart = rows.Any(r => r.FirstDeliveryStart is not null) ? rows.Sum(r => r.FirstDeliveryStart ?? r.ReviewStart) : null,
            Escaped = escaped, EscapedRate = Rate(escaped), Returned = returned, ReturnedRate = Rate(returned),
            Newly = newly, NewlyRate = Rate(newly), EndHouseholds = end, EndRate = Rate(end), EndDtts = endDtts, EndDttsRate = Rate(endDtts),
            EscapedInUnit = S(r => r.EscapedInUnit), BecamePoor = S(r => r.BecamePoor), MovedToOtherGroup = S(r => r.MovedToOtherGroup),
            LeftWard = S(r => r.LeftWard), CorrectionDown = S(r => r.CorrectionDown),
            NewlyInUnit = S(r => r.NewlyInUnit), FromPoor = S(r => r.FromPoor), MovedFromOtherGroup = S(r => r.MovedFromOtherGroup),
            EnteredWard = S(r => r.EnteredWard), CorrectionUp = S(r => r.CorrectionUp),
        };
    }
}

/// <summary>A section of a form: I. Khu vực thành thị or II. Khu vực nông thôn, its rows and their subtotal (printed even when empty, as the form has it).</summary>
public sealed record FormSection(string Number, string Title, string Area, IReadOnlyList<FormRow> Rows, FormRow Subtotal);

/// <summary>One summary table: its class, the two sections and the total (Tổng cộng = I + II).</summary>
public sealed record FormTable(FormClass Class, IReadOnlyList<FormSection> Sections, FormRow Total);

/// <summary>
/// The yearly summaries of the review a unit files upward, read from <c>v_form_summary</c> (every
/// number is the view's, sums are of the printed whole numbers): the unit (a ward or a province),
/// the review year and the round before it, and the table of poor and of near-poor households.
/// </summary>
public sealed record FormsModel(FormLevel Level, string Code, string Name, string ProvinceCode, string ProvinceName,
    ReviewYear Year, int PreviousYear, FormTable Poor, FormTable NearPoor)
{
    public static readonly IReadOnlyList<(string Number, string Title, string Area)> SectionTitles =
        [("I", "Khu vực thành thị", "urban"), ("II", "Khu vực nông thôn", "rural")];

    public IEnumerable<FormTable> Tables => [Poor, NearPoor];

    /// <summary>
    /// The forms of ward <paramref name="code"/> (rows = its groups) or province <paramref name="code"/>
    /// (rows = its wards) for review year <paramref name="year"/>; the code must be as the mart spells
    /// it (resolve it first). Throws <see cref="ReportException"/> when the unit has no round that year
    /// or no round before it.
    /// </summary>
    public static FormsModel Read(DuckDBConnection connection, FormLevel level, string code, ReviewYear year)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = connection.Read<ViewRow>($"""
            SELECT coalesce(group_code, ward_code) AS unit_code, unit_name, area, status_class, ward_code, ward_name,
                   province_code, province_name, prev_year,
                   households, households_dtts, start_households, start_rate, start_dtts, start_dtts_rate, start_source,
                   start_basis, review_start, first_delivery_start, escaped, escaped_rate, returned, returned_rate, newly, newly_rate,
                   end_households, end_rate, end_dtts, end_dtts_rate, escaped_in_unit, became_poor, moved_to_other_group,
                   left_ward, correction_down, newly_in_unit, from_poor, moved_from_other_group, entered_ward, correction_up
            FROM v_form_summary
            WHERE review_year = ? AND {(level == FormLevel.Ward ? "unit_level = 'group' AND ward_code = ?" : "unit_level = 'ward' AND province_code = ?")}
            ORDER BY unit_code
            """, year.Value, code);
        if (rows.Count == 0)
            throw new ReportException(
                $"Không có số liệu biểu mẫu năm {year} cho {(level == FormLevel.Ward ? "phường, xã" : "tỉnh")} '{code}': cần kết quả rà soát năm {year} và kỳ rà soát trước đó.",
                $"No form figures for {(level == FormLevel.Ward ? "ward" : "province")} '{code}' in {year}: the {year} review and the round before it must be loaded.");
        var first = rows[0];
        var name = level == FormLevel.Ward ? first.WardName : first.ProvinceName;
        return new FormsModel(level, code, name, first.ProvinceCode, first.ProvinceName, year, first.PrevYear,
            Table(FormClass.Poor, rows.Where(r => r.StatusClass == "poor").ToList()),
            Table(FormClass.NearPoor, rows.Where(r => r.StatusClass == "near_poor").ToList()));
    }

    private static FormTable Table(FormClass kind, IReadOnlyList<ViewRow> rows)
    {
        var sections = SectionTitles.Select(s =>
        {
            var inSection = rows.Where(r => r.Area == s.Area).Select(r => r.Row).ToList();
            return new FormSection(s.Number, s.Title, s.Area, inSection, FormRow.Sum(s.Number, s.Title, s.Area, inSection));
        }).ToList();
        return new FormTable(kind, sections, FormRow.Sum("", "Tổng cộng", "", sections.Select(s => s.Subtotal).ToList()));
    }

    private sealed record ViewRow
    {
        public required string UnitCode { get; init; }
        public required string UnitName { get; init; }
        public required string Area { get; init; }
        public required string StatusClass { get; init; }
        public required string WardCode { get; init; }
        public required string WardName { get; init; }
        public required string ProvinceCode { get; init; }
        public required string ProvinceName { get; init; }
        public int PrevYear { get; init; }
        public long Households { get; init; }
        public long HouseholdsDtts { get; init; }
        public long StartHouseholds { get; init; }
        public double? StartRate { get; init; }
        public long StartDtts { get; init; }
        public double? StartDttsRate { get; init; }
        public required string StartSource { get; init; }
        public string? StartBasis { get; init; }
        public long ReviewStart { get; init; }
        public long? FirstDeliveryStart { get; init; }
        public long Escaped { get; init; }
        public double? EscapedRate { get; init; }
        public long Returned { get; init; }
        public double? ReturnedRate { get; init; }
        public long Newly { get; init; }
        public double? NewlyRate { get; init; }
        public long EndHouseholds { get; init; }
        public double? EndRate { get; init; }
        public long EndDtts { get; init; }
        public double? EndDttsRate { get; init; }
        public long EscapedInUnit { get; init; }
        public long BecamePoor { get; init; }
        public long MovedToOtherGroup { get; init; }
        public long LeftWard { get; init; }
        public long CorrectionDown { get; init; }
        public long NewlyInUnit { get; init; }
        public long FromPoor { get; init; }
        public long MovedFromOtherGroup { get; init; }
        public long EnteredWard { get; init; }
        public long CorrectionUp { get; init; }

        public FormRow Row => new()
        {
            UnitCode = UnitCode, UnitName = UnitName, Area = Area, Households = Households, HouseholdsDtts = HouseholdsDtts,
            StartHouseholds = StartHouseholds, StartRate = StartRate, StartDtts = StartDtts, StartDttsRate = StartDttsRate,
            StartSource = StartSource, StartBasis = StartBasis, ReviewStart = ReviewStart, FirstDeliveryStart = FirstDeliveryStart,
            Escaped = Escaped, EscapedRate = EscapedRate, Returned = Returned, ReturnedRate = ReturnedRate, Newly = Newly, NewlyRate = NewlyRate,
            EndHouseholds = EndHouseholds, EndRate = EndRate, EndDtts = EndDtts, EndDttsRate = EndDttsRate,
            EscapedInUnit = EscapedInUnit, BecamePoor = BecamePoor, MovedToOtherGroup = MovedToOtherGroup, LeftWard = LeftWard,
            CorrectionDown = CorrectionDown, NewlyInUnit = NewlyInUnit, FromPoor = FromPoor, MovedFromOtherGroup = MovedFromOtherGroup,
            EnteredWard = EnteredWard, CorrectionUp = CorrectionUp,
        };
    }
}
