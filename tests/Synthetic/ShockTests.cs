using System.Security.Cryptography;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Synthetic;

/// <summary>
/// Ward-year and group-year shocks: households of a ward or a group share a bad year in synthetic
/// populations, and nothing else moves when they are switched off.
/// </summary>
public sealed class ShockTests(SyntheticRuns runs) : IClassFixture<SyntheticRuns>
{
    // Files of this run written before shocks existed (commit 3ebe3ed): SHA-256 of the files' bytes
    // concatenated in ordinal name order. If the generator's model is changed on purpose, recompute it
    // with `disu generate --out X --provinces 2 --wards 2 --groups 4 --households 300 --first-year 2023
    // --last-year 2026 --seed 3 --no-shocks --even-minorities` and `cat $(LC_ALL=C ls X/*) | sha256sum`.
    private const string FilesBeforeShocks = "db7e2896c0ad02738694ecbfd19d5768f266c5366542ce3d7d22673c669735c1";

    [Fact]
    public void Should_write_the_files_of_earlier_versions_when_shocks_are_off()
    {
        using var folder = new TempFolder();
        new SnapshotGenerator().Generate(new GeneratorOptions
        {
            Demo = false,
            Seed = 3,
            Provinces = 2,
            WardsPerProvince = 2,
            GroupsPerWard = 4,
            HouseholdsPerWard = 300,
            FirstYear = 2023,
            LastYear = 2026,
            Shocks = false,
        }, folder.Path);

        Digest(folder.Path).ShouldBe(FilesBeforeShocks);
    }

    [Fact]
    public void Should_leave_the_demo_unchanged_whatever_the_shocks_switch_says()
    {
        using var on = new TempFolder();
        using var off = new TempFolder();
        new SnapshotGenerator().Generate(GeneratorOptions.DiSuDemo with { Shocks = true }, on.Path);
        new SnapshotGenerator().Generate(GeneratorOptions.DiSuDemo with { Shocks = false }, off.Path);

        Names(on.Path).ShouldBe(Names(off.Path));
        Digest(on.Path).ShouldBe(Digest(off.Path));
    }

    [Fact]
    public void Should_keep_every_ward_on_its_planned_decline_without_shocks_and_move_most_off_it_with_them()
    {
        var calm = OutsidePlannedDecline(WardYears(runs.Calm));
        var shocked = OutsidePlannedDecline(WardYears(runs.Shocked));

        calm.Outside.ShouldBe(0, "without shocks a ward's poor count is its plan rate (15–25 % less each year) times its households, rounded");
        (1.0 * shocked.Outside / shocked.Checked).ShouldBeGreaterThan(0.5, "with shocks most ward-years leave the planned decline");
    }

    [Fact]
    public void Should_spread_the_wards_year_on_year_change_in_poor_households_with_shocks()
    {
        var calm = Spread(LogChanges(WardYears(runs.Calm)));
        var shocked = Spread(LogChanges(WardYears(runs.Shocked)));

        calm.ShouldBeLessThan(0.1, "without shocks the wards differ only in their planned decline and in rounding");
        shocked.ShouldBeGreaterThan(3 * calm, "with ward-year shocks bad and good years spread the wards apart");
    }

    [Fact]
    public void Should_change_which_groups_supply_the_years_poor_more_with_shocks()
    {
        var calm = MeanYearToYearSpreadOfShares(runs.Calm);
        var shocked = MeanYearToYearSpreadOfShares(runs.Shocked);

        shocked.ShouldBeGreaterThan(1.3 * calm, "a group's share of its ward's poor moves more from year to year with group-year shocks");
    }

    [Fact]
    public void Should_write_the_same_files_for_the_same_seed_with_shocks_and_other_files_without()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        using var calm = new TempFolder();
        new SnapshotGenerator().Generate(Small(shocks: true), first.Path);
        new SnapshotGenerator().Generate(Small(shocks: true), second.Path);
        new SnapshotGenerator().Generate(Small(shocks: false), calm.Path);

        Digest(second.Path).ShouldBe(Digest(first.Path));
        Digest(calm.Path).ShouldNotBe(Digest(first.Path));
        File.ReadAllBytes(calm.File("households_2024.csv")).ShouldBe(File.ReadAllBytes(first.File("households_2024.csv")),
            "the first review year has no shocks");
    }

    [Fact]
    public void Should_turn_shocks_off_with_the_no_shocks_option_and_leave_them_on_without_it()
    {
        using var folder = new TempFolder();
        string[] size = ["--provinces", "1", "--wards", "2", "--households", "300", "--first-year", "2024", "--last-year", "2025"];
        var calm = CliRun.Of(["generate", "--out", folder.File("calm"), .. size, "--no-shocks"]);
        var shocked = CliRun.Of(["generate", "--out", folder.File("shocked"), .. size]);
        calm.ExitCode.ShouldBe(0, calm.Error);
        shocked.ExitCode.ShouldBe(0, shocked.Error);

        var options = new GeneratorOptions
        {
            Demo = false,
            Provinces = 1,
            WardsPerProvince = 2,
            HouseholdsPerWard = 300,
            FirstYear = 2024,
            LastYear = 2025,
            RuralMinorities = true, // disu generate's default
        };
        new SnapshotGenerator().Generate(options with { Shocks = false }, folder.File("library-calm"));
        new SnapshotGenerator().Generate(options with { Shocks = true }, folder.File("library-shocked"));

        Digest(folder.File("calm")).ShouldBe(Digest(folder.File("library-calm")));
        Digest(folder.File("shocked")).ShouldBe(Digest(folder.File("library-shocked")));
        Digest(folder.File("calm")).ShouldNotBe(Digest(folder.File("shocked")));
        CliRun.Of("generate", "--help").Out.ShouldContain("--no-shocks");
    }

    private static GeneratorOptions Small(bool shocks) => new()
    {
        Demo = false,
        Seed = 11,
        Provinces = 2,
        WardsPerProvince = 2,
        HouseholdsPerWard = 300,
        FirstYear = 2024,
        LastYear = 2026,
        Shocks = shocks,
    };

    /// <summary>Ward-years whose poor count is outside what last year's count allows under a 15–25 % decline.</summary>
    private static (int Checked, int Outside) OutsidePlannedDecline(IReadOnlyDictionary<(string Ward, int Year), Cell> wards)
    {
        var (checkedYears, outside) = (0, 0);
        foreach (var ((ward, year), now) in wards)
        {
            if (!wards.TryGetValue((ward, year - 1), out var before))
            {
                continue;
            }

            // Last year's rate is known to within the rounding of its count, this year's must be 75–85 % of it.
            var scale = 1.0 * now.Households / before.Households;
            var low = 0.75 * (before.Poor - 0.5) * scale;
            var high = 0.85 * (before.Poor + 0.5) * scale;
            checkedYears++;
            if (now.Poor < low - 0.5 || now.Poor > high + 0.5)
            {
                outside++;
            }
        }

        return (checkedYears, outside);
    }

    private static List<double> LogChanges(IReadOnlyDictionary<(string Ward, int Year), Cell> wards) =>
        wards.Where(w => w.Value.Poor > 0 && wards.TryGetValue((w.Key.Ward, w.Key.Year - 1), out var b) && b.Poor > 0)
            .Select(w => Math.Log(1.0 * w.Value.Poor / wards[(w.Key.Ward, w.Key.Year - 1)].Poor))
            .ToList();

    /// <summary>Per ward and group, the standard deviation over the years of the group's share of the ward's poor; averaged.</summary>
    private static double MeanYearToYearSpreadOfShares(GeneratedRun run)
    {
        var groups = PoorCounts(run);
        var wards = WardYears(groups);
        return groups.GroupBy(c => (c.Ward, c.Group))
            .Select(g => Spread(g.Select(c => 1.0 * c.Poor / wards[(c.Ward, c.Year)].Poor).ToList()))
            .Average();
    }

    private static double Spread(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static Dictionary<(string Ward, int Year), Cell> WardYears(GeneratedRun run) => WardYears(PoorCounts(run));

    private static Dictionary<(string Ward, int Year), Cell> WardYears(IEnumerable<Cell> groups) =>
        groups.GroupBy(c => (c.Ward, c.Year))
            .ToDictionary(g => g.Key, g => new Cell(g.Key.Ward, "", g.Key.Year, g.Sum(c => c.Households), g.Sum(c => c.Poor)));

    /// <summary>
    /// Households and poor households (by the contract's classification) per ward, group and year. Read line by
    /// line rather than through <see cref="GeneratedCsv"/>, which takes seconds on these 200,000 rows; the panel
    /// has no dirty rows and its files are plain CSV without quoted fields.
    /// </summary>
    private static List<Cell> PoorCounts(GeneratedRun run)
    {
        (run.Options.Demo || run.Options.DirtyRate > 0).ShouldBeFalse("the line reader needs plain files without dirt");
        var counts = new Dictionary<(string Ward, string Group, int Year), (int Households, int Poor)>();
        foreach (var year in run.Years)
        {
            using var lines = File.ReadLines(Path.Combine(run.Folder, $"households_{year}.csv")).GetEnumerator();
            lines.MoveNext().ShouldBeTrue();
            var header = lines.Current.Split(',');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            while (lines.MoveNext())
            {
                var fields = lines.Current.Split(',');
                fields.Length.ShouldBe(header.Length);
                for (var i = 0; i < header.Length; i++)
                {
                    row[header[i]] = fields[i];
                }

                var key = (row["ward_code"], row["group_code"], year);
                var (households, poor) = counts.GetValueOrDefault(key);
                counts[key] = (households + 1, poor + (ContractRules.ComputedStatus(row) == "poor" ? 1 : 0));
            }
        }

        return counts.Select(c => new Cell(c.Key.Ward, c.Key.Group, c.Key.Year, c.Value.Households, c.Value.Poor)).ToList();
    }

    private static IEnumerable<string> Names(string folder) =>
        Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    private static string Digest(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in Names(folder))
        {
            hash.AppendData(File.ReadAllBytes(Path.Combine(folder, name)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed record Cell(string Ward, string Group, int Year, int Households, int Poor);
}
