namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// The review board's recorded decision. It follows the computed class except for a few deliberate
/// disagreements, made as swaps so the recorded poor count still equals the computed one (the ward's
/// published rate stays true), and a few rows left blank. Poor rows are never left blank: the board
/// always records them, they are what support lists are built from.
/// </summary>
internal static class ReviewBoard
{
    private const double BlankRate = 0.005;

    /// <param name="ranked">The ward's households, poorest first: poor, then near-poor, then the rest.</param>
    public static void Record(SeededRandom rng, Household[] ranked, int poor, int nearPoor, bool demo)
    {
        foreach (var h in ranked)
        {
            h.Recorded = h.Computed;
        }

        var touched = new bool[ranked.Length];
        var listed = poor + nearPoor;
        var averages = new List<int>();
        for (var i = listed; i < ranked.Length; i++)
        {
            if (ranked[i].Computed == HouseholdStatus.Average)
            {
                averages.Add(i);
            }
        }

        // The demo shows two or three disagreements a year; bigger wards get a few more.
        var swaps = demo ? 1 : 1 + rng.Next(1 + (ranked.Length / 3000));
        for (var s = 0; s < swaps; s++)
        {
            if (poor > 0 && nearPoor > 0 && rng.Chance(0.3))
            {
                Swap(ranked, touched, rng.Between(0, poor - 1), rng.Between(poor, listed - 1));
            }
            else if (nearPoor > 0 && averages.Count > 0)
            {
                // The board's doubt is about borderline households, so the average one comes from just above the line.
                var borderline = averages[rng.Next(Math.Min(averages.Count, Math.Max(10, 2 * nearPoor)))];
                Swap(ranked, touched, rng.Between(poor, listed - 1), borderline);
            }
        }

        // Half the years one more: an average household the board records as not poor.
        if (averages.Count > 0 && rng.Chance(0.5))
        {
            var i = averages[rng.Next(averages.Count)];
            if (!touched[i])
            {
                ranked[i].Recorded = HouseholdStatus.NotPoor;
                touched[i] = true;
            }
        }

        for (var i = poor; i < ranked.Length; i++)
        {
            if (!touched[i] && rng.Chance(BlankRate))
            {
                ranked[i].Recorded = null;
            }
        }
    }

    private static void Swap(Household[] ranked, bool[] touched, int a, int b)
    {
        if (touched[a] || touched[b])
        {
            return;
        }

        (ranked[a].Recorded, ranked[b].Recorded) = (ranked[b].Computed, ranked[a].Computed);
        touched[a] = touched[b] = true;
    }
}
