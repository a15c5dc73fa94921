using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// A poverty standard as the generator needs it: lines, the average band, k and the indicator set
/// as a flag mask. Read from the mart's standards file, so generated rows agree with whatever
/// standard the mart will classify them by.
/// </summary>
internal sealed record ClassificationStandard(
    string Id,
    int FirstYear,
    int LastYear,
    long UrbanLine,
    long RuralLine,
    long UrbanAverageTop,
    long RuralAverageTop,
    int PoorDeprivations,
    ushort Indicators)
{
    private static readonly ClassificationStandard[] All = StandardsSeeder.File.Standards.Select(From).ToArray();

    public static int FirstCoveredYear { get; } = All.Min(s => s.FirstYear);

    public static int LastCoveredYear { get; } = All.Max(s => s.LastYear);

    public static ClassificationStandard For(int reviewYear)
    {
        foreach (var standard in All)
        {
            if (reviewYear >= standard.FirstYear && reviewYear <= standard.LastYear)
            {
                return standard;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(reviewYear), reviewYear, "No poverty standard covers this review year.");
    }

    public long Line(bool urban) => urban ? UrbanLine : RuralLine;

    public long AverageTop(bool urban) => urban ? UrbanAverageTop : RuralAverageTop;

    public bool Uses(Deprivation indicator) => (Indicators & (1 << (int)indicator)) != 0;

    public int Count(ushort flags) => System.Numerics.BitOperations.PopCount((uint)(flags & Indicators));

    private static ClassificationStandard From(StandardDefinition d)
    {
        var mask = 0;
        foreach (var code in d.Indicators)
        {
            // Indicator codes map to their snapshot column, whose place among the flag columns is the flag's bit.
            var column = StandardsSeeder.File.Indicators.Single(i => i.Code == code).Column;
            var bit = InputContract.FlagColumns.ToList().IndexOf(column);
            mask |= bit >= 0 ? 1 << bit : throw new InvalidOperationException($"Indicator column {column} is not a flag column of the contract.");
        }

        // Where the standards file leaves the average band open, assume 1.5 × the line, as under Decree 07.
        return new ClassificationStandard(d.Id, d.FirstYear, d.LastYear, d.UrbanLine, d.RuralLine,
            d.UrbanAverageTop ?? (d.UrbanLine * 3 / 2), d.RuralAverageTop ?? (d.RuralLine * 3 / 2), d.MinDeprivations, (ushort)mask);
    }
}

/// <summary>The deprivation flags in the contract's column order; the value is the bit in a flag mask.</summary>
internal enum Deprivation
{
    Employment,
    Dependents,
    Nutrition,
    HealthInsurance,
    AdultEducation,
    ChildSchooling,
    HousingQuality,
    HousingArea,
    Water,
    Sanitation,
    Telecom,
    Information,
    Waste,
}

internal enum HouseholdStatus
{
    Poor,
    NearPoor,
    Average,
    NotPoor,
}
