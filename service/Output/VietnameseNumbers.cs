using System.Globalization;

namespace DiSu.Analytics.Service.Output;

/// <summary>Numbers as Vietnamese readers write them: 3.412 households, 0,44%.</summary>
public static class VietnameseNumbers
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("vi-VN");

    public static string Count(long value) => value.ToString("#,0", Culture);

    public static string Percent(double value, int decimals = 2) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), Culture) + "%";
}
