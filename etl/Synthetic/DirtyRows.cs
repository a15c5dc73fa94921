using System.Globalization;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// Extra rows that each break exactly one contract rule, the mistakes officers really make. They copy
/// a real household's row under a <c>BAD-</c> id, so they never replace, change or collide with a
/// real household and the ward's calibration is untouched; they draw from their own random stream,
/// so the dirt rate never shifts the real rows either.
/// </summary>
internal sealed class DirtyRows(SeededRandom rng, double rate, WardPlan ward)
{
    private const int Kinds = 12;

    /// <returns>The number of rows written.</returns>
    public int Write(TextWriter writer, SnapshotCsv csv, IReadOnlyList<Household> households, int year)
    {
        if (rate <= 0 || households.Count == 0)
        {
            return 0;
        }

        // Whole rows only: the fraction becomes one more row with that probability, so the total stays on rate.
        var expected = rate * households.Count;
        var count = (int)expected + (rng.Chance(expected - Math.Floor(expected)) ? 1 : 0);
        for (var k = 1; k <= count; k++)
        {
            var source = SnapshotRow.Of(households[rng.Next(households.Count)], ward.AsOf(year), year) with
            {
                // The simulated ward's own code, so two former wards' bad rows in one merged file never share an id.
                HouseholdId = string.Create(CultureInfo.InvariantCulture, $"BAD-{ward.WardCode}-{year}-{k:D4}"),
            };
            var (row, column, text) = Break(source, year);
            csv.Write(writer, row, column, text);
        }

        return count;
    }

    private (SnapshotRow Row, SnapshotColumn? Column, string? Text) Break(SnapshotRow row, int year)
    {
        switch (rng.Next(Kinds))
        {
            case 0: return (row, SnapshotColumn.Income, "1,5tr");
            case 1: return (row, SnapshotColumn.Income, "1.500"); // one group of three: 1.5 or 1,500?
            case 2: return (row with { Members = 0, WorkingAge = 0, Children = 0, Elderly = 0, Disabled = 0 }, null, null);
            case 3: return (row, SnapshotColumn.Area, "city");
            case 4: return (row, SnapshotColumn.HeadSex, "X");
            case 5:
                var standard = ClassificationStandard.For(year);
                Deprivation flag;
                do
                {
                    flag = (Deprivation)rng.Next(Household.FlagCount);
                }
                while (!standard.Uses(flag));
                return (row, SnapshotCsv.ColumnOf(flag), "2");
            case 6: return (row with { HeadBirthYear = year + rng.Between(1, 5) }, null, null);
            case 7:
                // Each count stays within 0–members; only their sum goes over.
                return (row.WorkingAge > 0
                    ? row with { Children = row.Members - row.WorkingAge + 1 }
                    : row with { WorkingAge = row.Members, Children = 1 }, null, null);
            case 8: return (row, SnapshotColumn.WardCode, "");
            case 9: return (row, SnapshotColumn.ReviewYear, string.Create(CultureInfo.InvariantCulture, $"20x{year % 10}"));
            case 10: return (row, SnapshotColumn.RecordedStatus, "rich");
            default: return (row, SnapshotColumn.MainCause, "luck");
        }
    }
}
