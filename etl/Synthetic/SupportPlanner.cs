using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// Support records (contract section 2) for the households policy reaches: the listed poor and
/// near-poor (the board's decision, the computed class where the board left it blank) and households
/// that escaped within the last three review years. Amounts follow the national schemes' orders of
/// magnitude; in-kind support has no amount.
/// </summary>
internal sealed class SupportPlanner(SeededRandom rng, WardPlan ward)
{
    public static string Header { get; } = string.Join(CsvFormat.Plain.Separator, InputContract.Support.Select(c => c.Name));

    private const int EscapeWindowYears = 3;

    private readonly CsvLine line = new(CsvFormat.Plain);

    /// <returns>The number of rows written.</returns>
    public int Write(TextWriter writer, Household h, int year)
    {
        var poor = h.Listed == HouseholdStatus.Poor;
        var nearPoor = h.Listed == HouseholdStatus.NearPoor;
        var escaped = !poor && !nearPoor && h.LastListedPoorYear >= year - EscapeWindowYears;
        if (!poor && !nearPoor && !escaped)
        {
            return 0;
        }

        var rows = 0;

        // The state pays the whole card for the poor and 70 % for near-poor and newly escaped households.
        rows += Row(writer, h, year, "health_insurance", Round(HealthInsurancePremium(year) * h.Members * (poor ? 1.0 : 0.7), 100));

        if (h.Children > 0 && !escaped)
        {
            rows += Row(writer, h, year, "tuition", h.Children * (poor ? 1_500_000L : 750_000L));
            if (poor && rng.Chance(0.7))
            {
                rows += Row(writer, h, year, "education_support", rng.Chance(0.3) ? null : h.Children * 1_350_000L);
            }
        }

        if (rng.Chance(poor ? 0.30 : nearPoor ? 0.15 : 0.10))
        {
            rows += Row(writer, h, year, "credit", rng.Between(30, 100) * 1_000_000L);
        }

        if (h.WorkingAge > 0 && Has(h, Deprivation.Employment))
        {
            if (rng.Chance(0.35))
            {
                rows += Row(writer, h, year, "vocational_training", rng.Chance(0.3) ? null : rng.Between(20, 60) * 100_000L);
            }

            if (rng.Chance(0.25))
            {
                rows += Row(writer, h, year, "job_placement", null);
            }
        }

        if (Has(h, Deprivation.HousingQuality) && !escaped && rng.Chance(poor ? 0.3 : 0.15))
        {
            rows += Row(writer, h, year, "housing", poor ? 40_000_000L : 30_000_000L);
        }

        if ((Has(h, Deprivation.Water) || Has(h, Deprivation.Sanitation)) && rng.Chance(0.35))
        {
            rows += Row(writer, h, year, "water_sanitation", rng.Chance(0.2) ? null : rng.Between(20, 100) * 100_000L);
        }

        if (h.SocialProtection)
        {
            rows += Row(writer, h, year, "social_assistance", 12 * SocialAllowanceBase(year));
        }

        if (poor)
        {
            rows += PoorOnly(writer, h, year);
        }

        if ((poor || nearPoor) && rng.Chance(0.15))
        {
            rows += Row(writer, h, year, "livelihood", rng.Chance(0.4) ? null : rng.Between(5, 20) * 1_000_000L);
        }

        if ((poor || nearPoor) && rng.Chance(0.1))
        {
            rows += Row(writer, h, year, "communication", null);
        }

        return rows;
    }

    private int PoorOnly(TextWriter writer, Household h, int year)
    {
        var rows = 0;
        if ((h.Elderly > 0 || h.Disabled > 0) && rng.Chance(0.2))
        {
            rows += Row(writer, h, year, "health_care", rng.Between(10, 50) * 100_000L);
        }

        if (rng.Chance(0.6))
        {
            rows += Row(writer, h, year, "fund_for_the_poor", rng.Between(5, 10) * 100_000L); // Tết gifts
        }

        if (!ward.Urban && rng.Chance(0.5))
        {
            rows += Row(writer, h, year, "electricity", 12 * 58_000L); // 30 kWh a month
        }

        if (rng.Chance(0.05))
        {
            rows += Row(writer, h, year, "capacity", null);
        }

        if (rng.Chance(0.03))
        {
            rows += Row(writer, h, year, "legal_aid", null);
        }

        return rows;
    }

    private int Row(TextWriter writer, Household h, int year, string program, long? amount)
    {
        line.Field(year);
        line.Field(h.Id);
        line.Field(ward.AsOf(year).WardCode);
        line.Field(program);
        if (amount is { } vnd)
        {
            line.Field(vnd);
        }
        else
        {
            line.Empty();
        }

        line.WriteTo(writer);
        return 1;
    }

    private static bool Has(Household h, Deprivation flag) => (h.Flags & (1 << (int)flag)) != 0;

    /// <summary>4.5 % of the statutory base salary for twelve months, by the salary in force at the review.</summary>
    private static long HealthInsurancePremium(int year) => year switch
    {
        <= 2022 => 804_600,
        2023 => 972_000,
        _ => 1_263_600,
    };

    /// <summary>The social-allowance base per month (Decree 20/2021, raised by Decree 76/2024).</summary>
    private static long SocialAllowanceBase(int year) => year <= 2023 ? 360_000 : 500_000;

    private static long Round(double amount, long unit) => (long)Math.Round(amount / unit) * unit;
}
