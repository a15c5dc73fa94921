namespace DiSu.Analytics.Reports;

/// <summary>
/// The words for the year's flows of poor households, one definition each, used by every document,
/// sheet and CLI table (defined once for people in docs/mart.md, "Flows of poor households").
/// On every printed row: <see cref="PoorStart"/> − <see cref="Escaped"/> + <see cref="NewPoor"/> +
/// <see cref="RePoor"/> + <see cref="Entered"/> − <see cref="Left"/> = <see cref="PoorEnd"/>.
/// </summary>
public static class FlowWords
{
    /// <summary>Poor at the previous round (v_group_year.poor_start).</summary>
    public const string PoorStart = "Hộ nghèo đầu kỳ";

    /// <summary>Poor at the previous round, not poor now, still in the unit (escaped).</summary>
    public const string Escaped = "Thoát nghèo";

    /// <summary>Poor now, never poor before: from near-poor or from neither (newly_poor + near_poor_to_poor).</summary>
    public const string NewPoor = "Phát sinh mới";

    /// <summary>Poor now, not poor at the previous round, poor at some earlier round (re_poor).</summary>
    public const string RePoor = "Tái nghèo";

    /// <summary>Poor households that were not in the unit at the previous round (entered_poor).</summary>
    public const string Entered = "Chuyển đến";

    /// <summary>Households poor at the previous round that are no longer in the unit (left_poor).</summary>
    public const string Left = "Chuyển đi";

    /// <summary>Poor at this round (v_group_year.poor).</summary>
    public const string PoorEnd = "Hộ nghèo cuối kỳ";
}
