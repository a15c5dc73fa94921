using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// A changed standard is a new version (standard_version), never an overwrite: from a newer shipped
/// standards file, per standard, and from an administrator's corrected file.
/// </summary>
public sealed class StandardVersionTests
{
    private static StandardsFile Shipped(int version, Func<StandardDefinition, StandardDefinition> change) =>
        StandardsSeeder.File with { Version = version, Standards = StandardsSeeder.File.Standards.Select(change).ToList() };

    private static StandardDefinition RaiseUrbanLine(StandardDefinition s) =>
        s.Id == "ND351_2025" ? s with { UrbanLine = 2_900_000 } : s;

    [Fact]
    public void Should_record_version_1_of_every_shipped_standard_in_a_new_mart()
    {
        using var mart = new TestMart();

        var versions = mart.Connection.Read<VersionRow>("SELECT standard_id, version, urban_line, source_kind, source FROM standard_version ORDER BY 1, 2");

        versions.Select(v => (v.StandardId, v.Version)).ShouldBe([("ND07_2021", 1), ("ND351_2025", 1)]);
        versions.ShouldAllBe(v => v.SourceKind == "shipped" && v.Source == "poverty-standards.json version 1");
        mart.Scalar<string>("SELECT string_agg(standard_id || ':' || version, ',' ORDER BY standard_id) FROM dim_standard").ShouldBe("ND07_2021:1,ND351_2025:1");
    }

    [Fact]
    public void Should_make_a_changed_standard_of_a_newer_shipped_file_version_2_and_keep_version_1s_parameters()
    {
        using var mart = new TestMart();

        StandardsSeeder.Seed(mart.Connection, mart.Clock, Shipped(2, RaiseUrbanLine));

        var versions = mart.Connection.Read<VersionRow>("SELECT standard_id, version, urban_line, source_kind, source FROM standard_version ORDER BY 1, 2");
        versions.Select(v => (v.StandardId, v.Version, v.UrbanLine)).ShouldBe([
            ("ND07_2021", 1, 2_000_000L),
            ("ND351_2025", 1, 2_800_000L),
            ("ND351_2025", 2, 2_900_000L),
        ]);
        versions[^1].Source.ShouldBe("poverty-standards.json version 2");
        mart.Scalar<long>("SELECT urban_line FROM dim_standard WHERE standard_id = 'ND351_2025'").ShouldBe(2_900_000);
        mart.Scalar<int>("SELECT version FROM dim_standard WHERE standard_id = 'ND351_2025'").ShouldBe(2);
        mart.Scalar<int>("SELECT version FROM dim_standard WHERE standard_id = 'ND07_2021'").ShouldBe(1);
        mart.Scalar<string>("SELECT standard_id FROM dim_period WHERE review_year = 2027").ShouldBe("ND351_2025");
    }

    [Fact]
    public void Should_record_nothing_when_a_newer_shipped_file_changes_no_standard()
    {
        using var mart = new TestMart();
        StandardsSeeder.Seed(mart.Connection, mart.Clock, Shipped(2, RaiseUrbanLine));

        StandardsSeeder.Seed(mart.Connection, mart.Clock, Shipped(2, RaiseUrbanLine));
        StandardsSeeder.Seed(mart.Connection, mart.Clock, Shipped(3, RaiseUrbanLine));

        mart.Scalar<long>("SELECT count(*) FROM standard_version").ShouldBe(3);
        mart.Scalar<string>("SELECT value FROM mart_setting WHERE key = 'standards_version'").ShouldBe("3");
        mart.Scalar<int>("SELECT data_version FROM dim_standard WHERE standard_id = 'ND351_2025'").ShouldBe(3);
    }

    [Fact]
    public void Should_keep_an_administrators_correction_when_a_newer_shipped_file_leaves_that_standard_as_it_was()
    {
        using var mart = new TestMart();
        var file = mart.Folder.File("corrected.json");
        File.WriteAllText(file, """{ "standards": [ { "id": "ND07_2021", "rural_line": 1600000 } ] }""");
        StandardsCorrection.Apply(mart.Connection, file, mart.Clock, "tests");

        StandardsSeeder.Seed(mart.Connection, mart.Clock, Shipped(2, RaiseUrbanLine));

        mart.Scalar<long>("SELECT rural_line FROM dim_standard WHERE standard_id = 'ND07_2021'").ShouldBe(1_600_000);
        mart.Scalar<int>("SELECT version FROM dim_standard WHERE standard_id = 'ND07_2021'").ShouldBe(2);
        mart.Scalar<string>("SELECT source_kind FROM standard_version WHERE standard_id = 'ND07_2021' AND version = 2").ShouldBe("administrator");
    }

    [Fact]
    public void Should_record_an_administrators_correction_as_a_new_version_and_list_what_changed()
    {
        using var mart = new TestMart();
        var file = mart.Folder.File("corrected.json");
        File.WriteAllText(file, """
            { "standards": [
                { "id": "ND351_2025", "urban_average_top": 4500000, "confirmed": { "average_band": true } },
                { "id": "ND07_2021", "urban_line": 2000000 }
            ] }
            """);

        var result = StandardsCorrection.Apply(mart.Connection, file, mart.Clock, "tests");

        var nd351 = result.Standards.Single(s => s.Standard.Id == "ND351_2025");
        (nd351.FromVersion, nd351.ToVersion).ShouldBe((1, 2));
        nd351.Changes.ShouldBe([
            "urban_average_top: 4200000 → 4500000",
            "confirmed: lines=true, average_band=false, min_deprivations=true, indicators=true, validity=true → lines=true, average_band=true, min_deprivations=true, indicators=true, validity=true",
        ]);
        result.Standards.Single(s => s.Standard.Id == "ND07_2021").NewVersion.ShouldBeFalse();
        mart.Connection.Read<VersionRow>("SELECT standard_id, version, urban_line, source_kind, source FROM standard_version WHERE version = 2")
            .ShouldHaveSingleItem().Source.ShouldStartWith("corrected.json (sha256 ");
        mart.Scalar<bool>("SELECT average_band_confirmed FROM dim_standard WHERE standard_id = 'ND351_2025'").ShouldBeTrue();
        mart.Scalar<long>("SELECT urban_average_top FROM standard_version WHERE standard_id = 'ND351_2025' AND version = 1").ShouldBe(4_200_000);
    }

    [Theory]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "urban_line": -5 } ] }""", "ND07_2021.urban_line: '-5' must be a positive whole number")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "indicators": ["employment", "wifi"] } ] }""", "ND07_2021.indicators: indicator 'wifi' is not in dim_indicator")]
    [InlineData("""{ "standards": [ { "id": "ND99_2099", "urban_line": 3000000 } ] }""", "standards[0].id: the mart has no standard 'ND99_2099' (known: ND07_2021, ND351_2025)")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "urban_line": 2000000, """, "the file is not valid JSON")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "urban_lin": 2100000 } ] }""", "ND07_2021.urban_lin: is not a field of a standard")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "last_year": 2027 } ] }""", "ND07_2021 (2021–2027) and ND351_2025 (2027–2030) overlap")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "first_year": 2030, "last_year": 2022 } ] }""", "ND07_2021.last_year: 2022 is before first_year 2030")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "min_deprivations": 13 } ] }""", "ND07_2021.min_deprivations: 13 must be from 1 to the standard's number of indicators (12)")]
    [InlineData("""[1, 2, 3]""", "the file must be a JSON object whose \"standards\" is a list")]
    public void Should_refuse_a_corrected_file_with_a_reason_naming_the_field_and_write_nothing(string json, string reason)
    {
        using var mart = new TestMart();
        var file = mart.Folder.File("bad.json");
        File.WriteAllText(file, json);
        var before = mart.Scalar<string>("SELECT string_agg(standard_id || version || urban_line || rural_line || last_year, ',' ORDER BY standard_id) FROM dim_standard");

        var refused = Should.Throw<StandardsFileException>(() => StandardsCorrection.Apply(mart.Connection, file, mart.Clock, "tests"));

        refused.Problems.Select(p => p.En).ShouldContain(p => p.Contains(reason, StringComparison.Ordinal), string.Join(" | ", refused.Problems.Select(p => p.En)));
        refused.Problems.ShouldAllBe(p => p.Vi != p.En);
        mart.Scalar<long>("SELECT count(*) FROM standard_version").ShouldBe(2);
        mart.Scalar<string>("SELECT string_agg(standard_id || version || urban_line || rural_line || last_year, ',' ORDER BY standard_id) FROM dim_standard").ShouldBe(before);
    }

    [Fact]
    public void Should_refuse_a_file_that_leaves_a_loaded_review_year_without_a_standard()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("s2021.csv", new SnapshotRow("H1", 2021)).RowsLoaded.ShouldBe(1);
        var file = mart.Folder.File("bad.json");
        File.WriteAllText(file, """{ "standards": [ { "id": "ND07_2021", "first_year": 2022 } ] }""");

        var refused = Should.Throw<StandardsFileException>(() => StandardsCorrection.Apply(mart.Connection, file, mart.Clock, "tests"));

        refused.Text.Vi.ShouldContain("năm rà soát 2021 đã có số liệu nhưng sẽ không còn chuẩn nghèo nào");
        mart.Scalar<int>("SELECT first_year FROM dim_standard WHERE standard_id = 'ND07_2021'").ShouldBe(2021);
    }

    private sealed record VersionRow
    {
        public required string StandardId { get; init; }
        public int Version { get; init; }
        public long UrbanLine { get; init; }
        public required string SourceKind { get; init; }
        public required string Source { get; init; }
    }
}
