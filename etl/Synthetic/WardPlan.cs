using System.Globalization;

namespace DiSu.Analytics.Etl.Synthetic;

/// <param name="Weight">Relative size; households are spread over groups by weight.</param>
/// <param name="Effect">Welfare shift shared by the group's households, so some groups lag.</param>
internal sealed record GroupPlan(string Code, string Name, double Weight, double Effect);

/// <summary>
/// One ward's geography and the poor / near-poor rates its yearly rankings are calibrated to.
/// Rates are indexed by <c>year − FirstYear</c>.
/// </summary>
internal sealed record WardPlan(
    string ProvinceCode,
    string ProvinceName,
    string WardCode,
    string WardName,
    bool Urban,
    IReadOnlyList<GroupPlan> Groups,
    double MinorityShare,
    IReadOnlyList<double> PoorRates,
    IReadOnlyList<double> NearPoorRates)
{
    /// <summary>
    /// The ward's units from <see cref="DemoReorganisation.FirstYear"/> on (the demo only): the same
    /// groups by index under their new ward and group codes and names. Null where the ward never changes.
    /// </summary>
    public WardPlan? Successor { get; init; }

    // Published end-of-year poor rates of phường Dị Sử; near-poor is interpolated from 1.3 % to 0.9 %.
    private const int DemoFirstYear = 2021;
    private static readonly double[] DemoPoor = [0.0105, 0.0072, 0.0044, 0.0035, 0.0029];
    private static readonly double[] DemoNearPoor = [0.013, 0.012, 0.011, 0.010, 0.009];

    private static readonly (string Name, double Households)[] DemoGroups =
    [
        ("Tổ dân phố Nhân Vinh", 410), ("Tổ dân phố Phan Bôi", 365), ("Tổ dân phố Trại", 280),
        ("Tổ dân phố Sài", 455), ("Tổ dân phố Trên", 330), ("Tổ dân phố Tháp", 520),
        ("Tổ dân phố Rừng", 300), ("Tổ dân phố Bưởi", 385), ("Tổ dân phố Thợ", 355),
    ];

    // Synthetic rates for the second former ward of the demo, a little poorer than Dị Sử.
    private static readonly double[] SecondWardPoor = [0.0140, 0.0105, 0.0078, 0.0060, 0.0048];
    private static readonly double[] SecondWardNearPoor = [0.018, 0.016, 0.0145, 0.013, 0.012];

    public string Area => Urban ? "urban" : "rural";

    /// <summary>The units the ward's rows are written under in a review year.</summary>
    public WardPlan AsOf(int year) => Successor is { } successor && year >= DemoReorganisation.FirstYear ? successor : this;

    /// <summary>The demo's ward 1 is Dị Sử, its ward 2 the synthetic Mẫu Hào; both become Đường Hào in 2025.</summary>
    public static WardPlan Create(GeneratorOptions options, int province, int ward, SeededRandom rng) =>
        !options.Demo ? Synthetic(options, province, ward, rng)
        : ward == 1 ? DiSu(options, rng)
        : MauHao(options, rng);

    private static WardPlan DiSu(GeneratorOptions options, SeededRandom rng)
    {
        var groups = DemoGroups
            .Select((g, i) => new GroupPlan($"TDP{i + 1:D2}", g.Name, g.Households, 0.25 * rng.Gaussian()))
            .ToArray();
        var plan = new WardPlan("33", "Hưng Yên", "DISU", "Phường Dị Sử", Urban: true, groups, MinorityShare: 0.01,
            DemoRates(options, DemoPoor), DemoRates(options, DemoNearPoor));
        return plan with { Successor = DemoReorganisation.Successor(plan) };
    }

    private static WardPlan MauHao(GeneratorOptions options, SeededRandom rng)
    {
        var groups = DemoReorganisation.SecondWardGroups
            .Select((g, i) => new GroupPlan($"TDP{i + 1:D2}", g.Name, g.Households, 0.25 * rng.Gaussian()))
            .ToArray();
        var plan = new WardPlan("33", "Hưng Yên", DemoReorganisation.SecondWardCode, DemoReorganisation.SecondWardName, Urban: true,
            groups, MinorityShare: 0.01, DemoRates(options, SecondWardPoor), DemoRates(options, SecondWardNearPoor));
        return plan with { Successor = DemoReorganisation.Successor(plan) };
    }

    /// <summary>Years outside the published run continue the trend: steeper before, flattening after.</summary>
    private static double[] DemoRates(GeneratorOptions options, double[] published)
    {
        var rates = new double[options.Years];
        for (var i = 0; i < rates.Length; i++)
        {
            var k = options.FirstYear + i - DemoFirstYear;
            rates[i] = k switch
            {
                < 0 => published[0] * Math.Pow(1.25, -k),
                _ when k >= published.Length => published[^1] * Math.Pow(0.85, k - published.Length + 1),
                _ => published[k],
            };
        }

        return rates;
    }

    private static WardPlan Synthetic(GeneratorOptions options, int province, int ward, SeededRandom rng)
    {
        // Province traits come from their own stream so every ward of a province agrees on them.
        var provinceRng = SeededRandom.For(options.Seed, province, 0, RandomStream.Province);
        var provinceRateFactor = Math.Exp(0.35 * provinceRng.Gaussian());
        var provinceMinorityShare = provinceRng.Chance(0.3) ? provinceRng.Uniform(0.1, 0.6) : provinceRng.Uniform(0.005, 0.03);

        var urban = rng.Chance(0.4);
        // No draw is added either way, so every other trait stays as the seed gave it.
        var minorityShare = !options.RuralMinorities ? provinceMinorityShare
            : urban ? provinceMinorityShare * 0.4 : Math.Min(0.9, provinceMinorityShare * 1.6);
        var basePoor = Math.Clamp(provinceRateFactor * (urban ? rng.Uniform(0.003, 0.02) : rng.Uniform(0.008, 0.06)), 0.003, 0.06);
        var decline = rng.Uniform(0.15, 0.25);
        var nearPoorRatio = rng.Uniform(1.3, 1.7);
        var poor = new double[options.Years];
        var nearPoor = new double[options.Years];
        for (var i = 0; i < poor.Length; i++)
        {
            poor[i] = basePoor * Math.Pow(1 - decline, i);
            nearPoor[i] = poor[i] * nearPoorRatio;
        }

        var groups = new GroupPlan[options.GroupsPerWard];
        for (var g = 0; g < groups.Length; g++)
        {
            var number = (g + 1).ToString("D2", CultureInfo.InvariantCulture);
            groups[g] = new GroupPlan("T" + number, (urban ? "Tổ dân phố " : "Thôn ") + number,
                rng.Uniform(0.6, 1.4), 0.25 * rng.Gaussian());
        }

        var provinceNumber = province.ToString("D2", CultureInfo.InvariantCulture);
        var wardNumber = ward.ToString("D4", CultureInfo.InvariantCulture);
        return new WardPlan("P" + provinceNumber, "Tỉnh " + provinceNumber, $"P{provinceNumber}W{wardNumber}",
            (urban ? "Phường " : "Xã ") + wardNumber, urban, groups, minorityShare, poor, nearPoor);
    }
}
