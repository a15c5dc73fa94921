namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// The draws the population model needs, on top of <see cref="Random"/> with an explicit seed
/// (its seeded algorithm is fixed across .NET versions, so a seed keeps meaning the same data).
/// </summary>
internal sealed class SeededRandom
{
    private readonly Random random;

    private SeededRandom(int seed) => random = new Random(seed);

    /// <summary>
    /// Independent streams per (province, ward, purpose): a ward's data never depends on which thread
    /// made it or on how many wards came before, and dirt or supports never shift the households.
    /// </summary>
    public static SeededRandom For(int seed, int province, int ward, RandomStream stream)
    {
        var h = Mix((ulong)(uint)seed);
        h = Mix(h ^ (uint)province);
        h = Mix(h ^ (uint)ward);
        h = Mix(h ^ (uint)stream);
        return new SeededRandom((int)(h >> 33));
    }

    public double NextDouble() => random.NextDouble();

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public int Between(int min, int maxInclusive) => random.Next(min, maxInclusive + 1);

    public double Uniform(double min, double max) => min + ((max - min) * random.NextDouble());

    public bool Chance(double probability) => random.NextDouble() < probability;

    public double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public int Pick(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>SplitMix64's finaliser: neighbouring ward numbers give unrelated seeds.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

internal enum RandomStream
{
    Households = 1,
    Supports = 2,
    DirtyRows = 3,
    Province = 4,
    Shocks = 5,
}
