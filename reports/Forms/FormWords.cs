namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The words of one summary as the form has them: "hộ nghèo", "thoát nghèo", "tái nghèo", "nghèo
/// phát sinh" for the poor; the same with "cận nghèo" for the near-poor.
/// </summary>
public sealed record FormWords(string Households, string Escaped, string Returned, string Newly)
{
    public static FormWords Poor { get; } = new("hộ nghèo", "thoát nghèo", "tái nghèo", "nghèo phát sinh");

    public static FormWords NearPoor { get; } = new("hộ cận nghèo", "thoát cận nghèo", "tái cận nghèo", "cận nghèo phát sinh");

    public static FormWords Of(FormClass kind) => kind == FormClass.Poor ? Poor : NearPoor;

    /// <summary>"Hộ nghèo" / "Hộ cận nghèo": a sheet name, a header band.</summary>
    public string HouseholdsTitle => char.ToUpper(Households[0], VietnameseNumbers.Culture) + Households[1..];

    /// <summary>The rows of a form: "Tổ dân phố/Thôn" at the ward level, "Phường/xã" at the province level (the unit column's header).</summary>
    public static string UnitHeader(FormLevel level) => level == FormLevel.Ward ? "Tổ dân phố/Thôn" : "Phường/xã";

    /// <summary>"tổ/thôn" or "phường/xã" inside a sentence.</summary>
    public static string UnitNoun(FormLevel level) => level == FormLevel.Ward ? "tổ/thôn" : "phường/xã";

    /// <summary>"xã" or "tỉnh": the level a form is filed at (cấp xã, cấp tỉnh).</summary>
    public static string LevelNoun(FormLevel level) => level == FormLevel.Ward ? "xã" : "tỉnh";

    /// <summary>The form's dash for a rate over no households.</summary>
    public const string NoRate = "–";

    public static string Rate(double? percent) => percent is { } p ? VietnameseNumbers.Rate(p) : NoRate;
}
