namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// Luck a ward or a residential group shares in one review year. Without it a ward's poor count is
/// fixed by its plan and its households are independent given their group, so a forecast's interval
/// would be tested on data kinder than any real ward (a flood, a factory closing). From the second
/// review year on: each ward-year scales the ward's poor and near-poor rates by a mean-one lognormal
/// factor, and each group-year shifts its households' welfare. Drawn from a stream of their own, so
/// turning them off leaves every other draw, and so the files, as they were.
/// </summary>
internal sealed class WardShocks
{
    /// <summary>
    /// Sd of the log ward-year factor: the factor is 1.25 or more in about 15 % of ward-years (a bad year,
    /// a quarter more poor households than planned) and 0.8 or less in about 22 %; its mean is 1, so the
    /// plan's decline still shows over the years.
    /// </summary>
    public const double WardSigma = 0.25;

    /// <summary>
    /// Sd of the group-year welfare shift, a little below the spread of the fixed group effects (0.25)
    /// and a fifth of a household's own (about 1): one sd down makes a group's households about 1.6 times
    /// as likely to be among the ward's poorest few percent that year, one sd up about 0.6 times, so the
    /// groups that supply a year's poor change from year to year.
    /// </summary>
    public const double GroupSigma = 0.2;

    // A shocked rate stays a ward's rate: at most half poor, and at least a tenth neither poor nor near-poor.
    private const double MaxPoorRate = 0.5;
    private const double MaxListedRate = 0.9;

    private readonly double[]? rateFactors;
    private readonly double[][]? groupShifts;

    private WardShocks(double[]? rateFactors, double[][]? groupShifts)
    {
        this.rateFactors = rateFactors;
        this.groupShifts = groupShifts;
    }

    /// <summary>
    /// Year by year, the ward's draw then its groups' in order, so adding review years at the end
    /// leaves the earlier years' shocks as they were.
    /// </summary>
    public static WardShocks For(GeneratorOptions options, int province, int ward, int groups)
    {
        if (options.Demo || !options.Shocks)
        {
            return new WardShocks(null, null);
        }

        var rng = SeededRandom.For(options.Seed, province, ward, RandomStream.Shocks);
        var factors = new double[options.Years];
        var shifts = new double[options.Years][];
        factors[0] = 1;
        shifts[0] = new double[groups];
        for (var i = 1; i < options.Years; i++)
        {
            factors[i] = Math.Exp((WardSigma * rng.Gaussian()) - (WardSigma * WardSigma / 2));
            shifts[i] = new double[groups];
            for (var g = 0; g < groups; g++)
            {
                shifts[i][g] = GroupSigma * rng.Gaussian();
            }
        }

        return new WardShocks(factors, shifts);
    }

    /// <summary>The plan's poor and near-poor rates for the year, scaled together by the ward-year factor.</summary>
    public (double Poor, double NearPoor) Rates(WardPlan plan, int yearIndex)
    {
        if (this.rateFactors is null)
        {
            return (plan.PoorRates[yearIndex], plan.NearPoorRates[yearIndex]);
        }

        var factor = this.rateFactors[yearIndex];
        var poor = Math.Min(plan.PoorRates[yearIndex] * factor, MaxPoorRate);
        var nearPoor = Math.Min(plan.NearPoorRates[yearIndex] * factor, MaxListedRate - poor);
        return (poor, nearPoor);
    }

    public double GroupShift(int yearIndex, int group) => this.groupShifts is null ? 0 : this.groupShifts[yearIndex][group];
}
