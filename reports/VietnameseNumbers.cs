using System.Globalization;

namespace DiSu.Analytics.Reports;

/// <summary>Numbers as Vietnamese readers write them: 3.412 households, 0,44%.</summary>
public static class VietnameseNumbers
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("vi-VN");

    public static string Count(long value) => value.ToString("#,0", Culture);

    /// <summary>A count that may be fractional (an expectation), e.g. 12,4.</summary>
    public static string Decimal(double value, int decimals = 1) =>
        value.ToString("#,0." + new string('0', decimals), Culture);

    /// <summary>A percentage with its sign: 0,44%.</summary>
    public static string Percent(double value, int decimals = 2) => Rate(value, decimals) + "%";

    /// <summary>A percentage without the sign, for a column headed "tỷ lệ (%)".</summary>
    public static string Rate(double value, int decimals = 2) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), Culture);
}
