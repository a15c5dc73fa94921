using System.Globalization;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;

namespace DiSu.Analytics.Service.Output;

/// <summary>
/// Numbers in a table people read, in the run's language: as Vietnamese readers write them
/// (<see cref="VietnameseNumbers"/>: 3.434, 0,44%) or, in English, as tools do (3,434, 0.44%).
/// One table, one number format.
/// </summary>
internal sealed class Numbers(Language language)
{
    private CultureInfo Culture => language.Culture();

    public string Count(long value) => language == Language.English ? value.ToString("#,0", Culture) : VietnameseNumbers.Count(value);

    public string Decimal(double value, int decimals = 1) =>
        language == Language.English ? value.ToString("#,0." + new string('0', decimals), Culture) : VietnameseNumbers.Decimal(value, decimals);

    public string Percent(double value, int decimals = 2) =>
        language == Language.English ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), Culture) + "%" : VietnameseNumbers.Percent(value, decimals);
}
