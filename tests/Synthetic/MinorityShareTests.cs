using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Synthetic;

/// <summary>
/// Ethnic-minority households in a synthetic population: concentrated in rural communes as they
/// live (`disu generate`'s default), or every ward at its province's share (the seeded panels the
/// forecasting figures were measured on), with the same wards, groups and households either way.
/// </summary>
public sealed class MinorityShareTests
{
    private static readonly GeneratorOptions Options = new()
    {
        Demo = false, Provinces = 4, WardsPerProvince = 20, GroupsPerWard = 2, HouseholdsPerWard = 150,
        FirstYear = 2021, LastYear = 2021, Seed = 14, WriteSupports = false, WriteTargets = false, Shocks = false,
    };

    [Fact]
    public void Should_put_more_ethnic_minority_households_in_rural_communes_than_in_urban_wards_when_asked()
    {
        var (rural, urban, _) = Shares(Options with { RuralMinorities = true });
        rural.ShouldBeGreaterThan(urban * 2.5, "1.6× against 0.4× the province's share");
    }

    [Fact]
    public void Should_keep_the_province_share_in_every_ward_and_every_other_column_by_default()
    {
        var (rural, urban, even) = Shares(Options);
        (rural / urban).ShouldBeInRange(0.5, 2.0);
        var (_, _, leaned) = Shares(Options with { RuralMinorities = true });
        // The same households in the same wards and groups; the flag (and what it bears on) moves.
        leaned.Select(r => (r["household_id"], r["ward_code"], r["group_code"], r["area"]))
            .ShouldBe(even.Select(r => (r["household_id"], r["ward_code"], r["group_code"], r["area"])));
        leaned.Count(r => r["ethnic_minority"] != even.Single(e => e["household_id"] == r["household_id"])["ethnic_minority"]).ShouldBeGreaterThan(0);
    }

    private static (double Rural, double Urban, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows) Shares(GeneratorOptions options)
    {
        using var folder = new TempFolder();
        new SnapshotGenerator().Generate(options, folder.Path);
        var rows = GeneratedCsv.Read(Path.Combine(folder.Path, "households_2021.csv")).RealRows.ToList();
        double Share(string area) => rows.Where(r => r["area"] == area).Average(r => r["ethnic_minority"] == "1" ? 1.0 : 0.0);
        return (Share("rural"), Share("urban"), rows);
    }
}
