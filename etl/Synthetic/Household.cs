namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// One household's panel state inside a ward simulation. Composition always satisfies
/// working-age + children + elderly = members, so the contract's count rules hold by construction.
/// </summary>
internal sealed class Household
{
    public const int FlagCount = 13;

    private static readonly double[] MemberWeights = [0.08, 0.17, 0.23, 0.26, 0.14, 0.07, 0.03, 0.02];

    private static readonly string[] Causes = ["land", "capital", "labour", "tools", "knowledge", "skills", "illness", "other"];

    private Household(string id, int group)
    {
        Id = id;
        Group = group;
    }

    public string Id { get; }

    public int Group { get; }

    public double Persistent { get; private init; }

    public double Shock { get; private set; }

    public int HeadBirthYear { get; private init; }

    public bool HeadFemale { get; private init; }

    public bool Merit { get; private init; }

    public bool SocialProtection { get; private init; }

    public bool EthnicMinority { get; private init; }

    public int Members { get; private set; }

    public int WorkingAge { get; private set; }

    public int Children { get; private set; }

    public int Elderly { get; private set; }

    public int Disabled { get; private set; }

    public string MainCause { get; private init; } = "other";

    /// <summary>
    /// One uniform per indicator, drawn once: a flag is set while it is below the indicator's
    /// welfare-dependent probability, so deprivations persist from year to year.
    /// </summary>
    public float[] FlagDraws { get; } = new float[FlagCount];

    public int LastListedPoorYear { get; set; } = int.MinValue;

    // This review year's outcome, rewritten every year.
    public double Welfare { get; set; }

    public HouseholdStatus Computed { get; set; }

    public HouseholdStatus? Recorded { get; set; }

    public long Income { get; set; }

    public ushort Flags { get; set; }

    public HouseholdStatus Listed => Recorded ?? Computed;

    public bool HasDependentMajority => 2 * (Children + Elderly) > Members;

    /// <summary>Where poverty concentrates: many dependants, disability, social protection, minority.</summary>
    public double CompositionEffect =>
        (-0.6 * (Children + Elderly) / Members)
        - (Disabled > 0 ? 0.35 : 0)
        - (SocialProtection ? 0.45 : 0)
        - (EthnicMinority ? 0.3 : 0)
        + (Merit ? 0.1 : 0)
        - (Members == 1 && Elderly == 1 ? 0.15 : 0);

    /// <param name="newlyFormed">A household entering after the first year: a younger head, a smaller family.</param>
    public static Household Create(SeededRandom rng, string id, int group, int year, double minorityShare, bool newlyFormed)
    {
        var birth = newlyFormed
            ? year - rng.Between(22, 40)
            : 1935 + (int)(66 * (rng.NextDouble() + rng.NextDouble()) / 2);
        var headAge = year - birth;
        var members = 1 + rng.Pick(newlyFormed ? MemberWeights.AsSpan(0, 5) : MemberWeights);

        var elderly = headAge >= 60
            ? 1 + (members >= 2 && rng.Chance(0.65) ? 1 : 0)
            : (members >= 4 && rng.Chance(0.3) ? 1 : 0);
        elderly = Math.Min(elderly, members);
        var young = members - elderly;
        var children = headAge switch
        {
            < 50 => Math.Max(0, young - (rng.Chance(0.8) ? 2 : 3)),
            < 60 => rng.Chance(0.5) ? Math.Max(0, young - 3) : 0,
            _ => rng.Chance(0.7) ? Math.Max(0, young - 2) : 0,
        };
        if (headAge < 60)
        {
            children = Math.Min(children, young - 1); // the head works
        }

        var disabled = rng.Chance(0.06) ? (members >= 2 && rng.Chance(0.15) ? 2 : 1) : 0;
        var singleElderly = members == 1 && elderly == 1;
        var household = new Household(id, group)
        {
            Persistent = (newlyFormed ? -0.1 : 0) + (0.8 * rng.Gaussian()),
            HeadBirthYear = birth,
            HeadFemale = rng.Chance(singleElderly ? 0.6 : 0.22),
            Merit = rng.Chance(birth < 1960 ? 0.05 : 0.015),
            SocialProtection = rng.Chance(0.02 + (disabled > 0 ? 0.15 : 0) + (singleElderly ? 0.1 : 0)),
            EthnicMinority = rng.Chance(minorityShare),
            Members = members,
            WorkingAge = young - children,
            Children = children,
            Elderly = elderly,
            Disabled = disabled,
            MainCause = Causes[rng.Pick(disabled > 0 || elderly > 0
                ? [0.04, 0.12, 0.22, 0.03, 0.06, 0.06, 0.40, 0.07]
                : [0.06, 0.22, 0.15, 0.05, 0.12, 0.16, 0.14, 0.10])],
        };
        household.Shock = 0.45 * rng.Gaussian();
        for (var f = 0; f < FlagCount; f++)
        {
            household.FlagDraws[f] = (float)rng.NextDouble();
        }

        return household;
    }

    /// <summary>A year passes: children grow up, adults age, elderly die, babies arrive, adult children move out.</summary>
    public void AgeOneYear(SeededRandom rng, int year)
    {
        Shock = (0.5 * Shock) + (0.39 * rng.Gaussian()); // AR(1) with a stationary sd of about 0.45

        var grownUp = Binomial(rng, Children, 1.0 / 16);
        Children -= grownUp;
        WorkingAge += grownUp;

        var retired = Binomial(rng, WorkingAge, 1.0 / 40);
        WorkingAge -= retired;
        Elderly += retired;

        // The last member never dies here: a dissolving household is handled as an exit by the ward.
        var deaths = Math.Min(Binomial(rng, Elderly, 0.035), Members - 1);
        Elderly -= deaths;
        Members -= deaths;

        if (WorkingAge >= 2 && year - HeadBirthYear < 45 && Children < 4 && rng.Chance(0.07))
        {
            Children++;
            Members++;
        }

        if (WorkingAge >= 3 && rng.Chance(0.03))
        {
            WorkingAge--;
            Members--;
        }

        Disabled = Math.Min(Disabled, Members);
    }

    private static int Binomial(SeededRandom rng, int n, double p)
    {
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (rng.Chance(p))
            {
                k++;
            }
        }

        return k;
    }
}
