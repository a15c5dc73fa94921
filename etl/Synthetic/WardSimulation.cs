namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// Runs one ward through every review year and writes its rows. Memory is this ward's households;
/// nothing here knows about other wards, so wards can run on any thread in any order.
/// </summary>
internal sealed class WardSimulation
{
    private const double ExitRate = 0.01;
    private const double EntryRate = 0.015;
    private const double TrendPerYear = 0.06;
    private const double FlagSlope = 1.2;

    // Deprivation prevalence at average welfare (logit), and the extra a rural household carries.
    private static readonly double[] FlagLogit = Logits([0.05, 0, 0.025, 0.03, 0.04, 0.01, 0.015, 0.03, 0.015, 0.02, 0.015, 0.015, 0.03]);
    private static readonly double[] RuralShift = [0.3, 0, 0.3, 0.3, 0.3, 0.3, 0.6, 0.3, 0.6, 0.6, 0.6, 0.6, 0.6];

    private readonly GeneratorOptions options;
    private readonly WardPlan ward;
    private readonly SeededRandom rng;
    private readonly SupportPlanner supports;
    private readonly DirtyRows dirt;
    private readonly WardShocks shocks;
    private readonly List<Household> households;
    private readonly double[] groupWeights;
    private int serial;

    private WardSimulation(GeneratorOptions options, int province, int ward)
    {
        this.options = options;
        rng = SeededRandom.For(options.Seed, province, ward, RandomStream.Households);
        this.ward = WardPlan.Create(options, province, ward, rng);
        this.supports = new SupportPlanner(SeededRandom.For(options.Seed, province, ward, RandomStream.Supports), this.ward);
        dirt = new DirtyRows(SeededRandom.For(options.Seed, province, ward, RandomStream.DirtyRows), options.DirtyRate, this.ward);
        shocks = WardShocks.For(options, province, ward, this.ward.Groups.Count);
        groupWeights = this.ward.Groups.Select(g => g.Weight).ToArray();
        this.households = new List<Household>((int)(options.HouseholdsPerWard * (1 + (0.006 * options.Years))) + 16);
    }

    public static WardTally Run(GeneratorOptions options, int province, int ward, YearWriters writers) =>
        new WardSimulation(options, province, ward).Run(writers);

    private WardTally Run(YearWriters writers)
    {
        SettleFirstYear();
        var tally = new WardTally(this.ward, this.options.Years);
        for (var i = 0; i < this.options.Years; i++)
        {
            var year = this.options.FirstYear + i;
            if (i > 0)
            {
                Churn(year);
            }

            var poor = Review(year, i);
            var snapshot = new SnapshotCsv(CsvFormat.ForSnapshot(this.options, year));
            foreach (var household in this.households)
            {
                snapshot.Write(writers.Snapshots[i], SnapshotRow.Of(household, this.ward.AsOf(year), year));
            }

            var dirty = dirt.Write(writers.Snapshots[i], snapshot, this.households, year);
            tally.SnapshotRows[i] = this.households.Count + dirty;
            tally.DirtyRows[i] = dirty;

            foreach (var household in this.households)
            {
                if (writers.Supports[i] is { } supports)
                {
                    tally.SupportRows[i] += this.supports.Write(supports, household, year);
                }

                if (household.Listed == HouseholdStatus.Poor)
                {
                    household.LastListedPoorYear = year;
                }
            }

            if (year == this.options.TargetBaseYear)
            {
                tally.TargetBaseRate = (double)poor / this.households.Count;
            }
        }

        tally.Households = serial;
        return tally;
    }

    /// <summary>Every group gets at least one household; the rest are shared out by group weight.</summary>
    private void SettleFirstYear()
    {
        var groups = this.ward.Groups.Count;
        var spare = this.options.HouseholdsPerWard - groups;
        var totalWeight = groupWeights.Sum();
        var sizes = groupWeights.Select(w => 1 + (int)(spare * w / totalWeight)).ToArray();
        for (var g = 0; sizes.Sum() < this.options.HouseholdsPerWard; g = (g + 1) % groups)
        {
            sizes[g]++;
        }

        for (var g = 0; g < groups; g++)
        {
            for (var k = 0; k < sizes[g]; k++)
            {
                Enter(g, this.options.FirstYear, newlyFormed: false);
            }
        }
    }

    /// <summary>
    /// Exits and entries are fixed fractions, not draws, so a ward's size is known in advance;
    /// the demo's 2023 count of households (and so its 0.44 %) depends on it.
    /// </summary>
    private void Churn(int year)
    {
        foreach (var household in this.households)
        {
            household.AgeOneYear(rng, year);
        }

        var before = this.households.Count;
        var leaving = new HashSet<Household>();
        var exits = (int)Math.Round(ExitRate * before, MidpointRounding.AwayFromZero);
        while (leaving.Count < exits)
        {
            leaving.Add(this.households[rng.Next(before)]);
        }

        this.households.RemoveAll(leaving.Contains);
        var entries = (int)Math.Round(EntryRate * before, MidpointRounding.AwayFromZero);
        for (var k = 0; k < entries; k++)
        {
            Enter(rng.Pick(groupWeights), year, newlyFormed: true);
        }
    }

    private void Enter(int group, int year, bool newlyFormed)
    {
        var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{this.ward.WardCode}-{++serial:D6}");
        this.households.Add(Household.Create(rng, id, group, year, this.ward.MinorityShare, newlyFormed));
    }

    /// <summary>
    /// Ranks households by welfare and hands out the classes the ward is calibrated to (its plan, moved by
    /// the year's shocks), then makes each row's income and flags agree with its class under the year's
    /// standard. Returns the poor count.
    /// </summary>
    private int Review(int year, int yearIndex)
    {
        var standard = ClassificationStandard.For(year);
        var line = standard.Line(this.ward.Urban);
        var averageTop = standard.AverageTop(this.ward.Urban);
        var trend = TrendPerYear * yearIndex;

        var ranked = this.households.ToArray();
        var welfare = new double[ranked.Length];
        for (var i = 0; i < ranked.Length; i++)
        {
            var h = ranked[i];
            h.Welfare = h.Persistent + h.Shock + this.ward.Groups[h.Group].Effect + shocks.GroupShift(yearIndex, h.Group)
                        + h.CompositionEffect + trend;
            welfare[i] = h.Welfare;
        }

        Array.Sort(welfare, ranked);
        var n = ranked.Length;
        var (poorRate, nearPoorRate) = shocks.Rates(this.ward, yearIndex);
        var poor = Math.Min(n, Count(poorRate, n));
        var nearPoor = Math.Min(n - poor, Count(nearPoorRate, n));
        var listed = poor + nearPoor;
        for (var i = 0; i < n; i++)
        {
            var h = ranked[i];
            if (i < listed)
            {
                h.Computed = i < poor ? HouseholdStatus.Poor : HouseholdStatus.NearPoor;
                h.Income = IncomeAtOrBelowLine(line, (i + 0.5) / listed);
            }
            else
            {
                h.Income = IncomeAboveLine(line, h.Welfare);
                h.Computed = h.Income <= averageTop ? HouseholdStatus.Average : HouseholdStatus.NotPoor;
            }

            h.Flags = Deprivations(h, standard);
        }

        ReviewBoard.Record(rng, ranked, poor, nearPoor, this.options.Demo);
        return poor;
    }

    private static int Count(double rate, int households) =>
        (int)Math.Round(rate * households, MidpointRounding.AwayFromZero);

    /// <summary>Poorer ranks get lower incomes, with noise; floored to 10,000 VND so it never passes the line.</summary>
    private long IncomeAtOrBelowLine(long line, double rankFraction)
    {
        var share = Math.Clamp(0.42 + (0.55 * rankFraction) + (0.06 * rng.Gaussian()), 0.2, 1.0);
        return (long)(line * share / 10_000) * 10_000;
    }

    /// <summary>
    /// Lognormal in welfare on top of the line, from a little above it to tens of millions. Scaling by
    /// the standard's own line keeps the class shares steady when the 2027 standard raises the lines.
    /// </summary>
    private static long IncomeAboveLine(long line, double welfare)
    {
        var income = line * (1 + Math.Exp(0.3 + (0.75 * welfare)));
        var rounded = (long)Math.Round(Math.Min(income, 900_000_000) / 10_000) * 10_000;
        return Math.Max(rounded, line + 10_000);
    }

    /// <summary>
    /// Flags follow welfare through each household's fixed draws; then a poor row is topped up to the
    /// standard's k deprivations with the flags it was closest to, and a near-poor row is trimmed
    /// below k by dropping the ones it was furthest from. The dependants flag always follows the
    /// composition, and the child flags need a child.
    /// </summary>
    private ushort Deprivations(Household h, ClassificationStandard standard)
    {
        Span<double> p = stackalloc double[Household.FlagCount];
        var flags = h.HasDependentMajority ? (ushort)(1 << (int)Deprivation.Dependents) : (ushort)0;
        var adjustable = (ushort)0;
        for (var f = 0; f < Household.FlagCount; f++)
        {
            var flag = (Deprivation)f;
            if (flag == Deprivation.Dependents || !Possible(h, flag))
            {
                continue;
            }

            var logit = FlagLogit[f] + (this.ward.Urban ? 0 : RuralShift[f]) - (FlagSlope * h.Welfare);
            p[f] = 1 / (1 + Math.Exp(-logit));
            if (h.FlagDraws[f] < p[f])
            {
                flags |= (ushort)(1 << f);
            }

            if (standard.Uses(flag))
            {
                adjustable |= (ushort)(1 << f);
            }
        }

        // Most indicators are possible for every household, so a poor row can always reach k;
        // dependants is the only fixed flag, so a near-poor row can always get below k.
        while (h.Computed == HouseholdStatus.Poor && standard.Count(flags) < standard.PoorDeprivations)
        {
            flags |= (ushort)(1 << Nearest(h, (ushort)(adjustable & ~flags), p, furthest: false));
        }

        while (h.Computed == HouseholdStatus.NearPoor && standard.Count(flags) >= standard.PoorDeprivations)
        {
            flags &= (ushort)~(1 << Nearest(h, (ushort)(adjustable & flags), p, furthest: true));
        }

        return flags;
    }

    /// <summary>The candidate whose draw is nearest to (or furthest from) its probability.</summary>
    private static int Nearest(Household h, ushort candidates, ReadOnlySpan<double> p, bool furthest)
    {
        var best = -1;
        var bestScore = 0.0;
        for (var f = 0; f < Household.FlagCount; f++)
        {
            if ((candidates & (1 << f)) == 0)
            {
                continue;
            }

            var score = h.FlagDraws[f] / Math.Max(p[f], double.Epsilon);
            if (best < 0 || (furthest ? score > bestScore : score < bestScore))
            {
                best = f;
                bestScore = score;
            }
        }

        return best >= 0 ? best : throw new InvalidOperationException("No deprivation flag left to adjust; the indicator table is inconsistent.");
    }

    private static bool Possible(Household h, Deprivation flag) => flag switch
    {
        Deprivation.Employment => h.WorkingAge > 0,
        Deprivation.Nutrition or Deprivation.ChildSchooling => h.Children > 0,
        _ => true,
    };

    private static double[] Logits(double[] prevalence) =>
        prevalence.Select(q => q <= 0 ? 0 : Math.Log(q / (1 - q))).ToArray();
}

/// <summary>What one ward contributed, per review year index.</summary>
internal sealed class WardTally(WardPlan ward, int years)
{
    public WardPlan Ward { get; } = ward;

    public string WardCode => Ward.WardCode;

    public long Households { get; set; }

    public long[] SnapshotRows { get; } = new long[years];

    public long[] DirtyRows { get; } = new long[years];

    public long[] SupportRows { get; } = new long[years];

    /// <summary>Poor share in the year the ward's plan target is based on, when that year was generated.</summary>
    public double? TargetBaseRate { get; set; }
}
