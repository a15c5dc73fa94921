using System.Security.Cryptography;
using System.Text;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Synthetic;

/// <summary>
/// The demo's 2025 reorganisation as the generator writes it: phường Dị Sử exactly as before through
/// 2024, a synthetic phường Mẫu Hào beside it, both as phường Đường Hào from the 2025 review with
/// renumbered groups, and a unit-change file that agrees with the snapshots household by household.
/// </summary>
public sealed class DemoReorganisationTests(SyntheticRuns runs) : IClassFixture<SyntheticRuns>
{
    // Dị Sử's files as the generator wrote them before the second ward and the reorganisation existed
    // (main at c44349a, `disu generate --out X`): SHA-256 of households_2021..2024.csv, supports_2021..2024.csv
    // and targets_2024.csv concatenated in that order.
    private const string DiSuFilesBefore = "08932a88e838b4a68680ff59dea9b9be02d1729fac3b7e51bed2b01a4186be68";

    // The same run's 2025 rows of Dị Sử's households (DISU-… and BAD-DISU-…), every field but the four
    // unit columns joined by '|', one line each, joined by '\n' (the codes are what the reorganisation changes).
    private const string DiSu2025RowsBefore = "f2bd0b14d3740503bad7cd306e7010b6dd5d25fdf8208d5dd20898a65581f5ff";

    private static readonly string[] UnitColumns = ["ward_code", "ward_name", "group_code", "group_name"];

    [Fact]
    public void Should_write_Di_Sus_files_of_2021_to_2024_byte_for_byte_as_before_the_reorganisation()
    {
        var names = new[] { 2021, 2022, 2023, 2024 }.Select(y => $"households_{y}.csv")
            .Concat(new[] { 2021, 2022, 2023, 2024 }.Select(y => $"supports_{y}.csv"))
            .Append("targets_2024.csv");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in names)
            hash.AppendData(File.ReadAllBytes(Path.Combine(runs.Demo.Folder, name)));

        Convert.ToHexStringLower(hash.GetHashAndReset()).ShouldBe(DiSuFilesBefore);
    }

    [Fact]
    public void Should_keep_Di_Sus_2025_households_as_before_with_only_their_units_renamed()
    {
        var csv = runs.Demo.Snapshot(2025);
        var lines = csv.Rows
            .Where(r => r["household_id"].StartsWith("DISU-", StringComparison.Ordinal) || r["household_id"].StartsWith("BAD-DISU-", StringComparison.Ordinal))
            .Select(r => string.Join('|', csv.Header.Where(c => !UnitColumns.Contains(c)).Select(c => r[c])));

        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)))).ShouldBe(DiSu2025RowsBefore);
    }

    [Fact]
    public void Should_have_Di_Su_and_Mau_Hao_through_2024_and_only_Duong_Hao_from_2025()
    {
        var wards = SnapshotFiles().SelectMany(f => f.Csv.RealRows.Select(r => (Year: int.Parse(r["review_year"], System.Globalization.CultureInfo.InvariantCulture), Ward: r["ward_code"])))
            .Distinct().GroupBy(r => r.Year).ToDictionary(g => g.Key, g => g.Select(r => r.Ward).Order(StringComparer.Ordinal).ToArray());

        wards.Keys.Order().ShouldBe([2021, 2022, 2023, 2024, 2025, 2026]);
        foreach (var year in new[] { 2021, 2022, 2023, 2024 })
            wards[year].ShouldBe(["DISU", "MAUHAO"], $"review year {year}");
        foreach (var year in new[] { 2025, 2026 })
            wards[year].ShouldBe(["DUONGHAO"], $"review year {year}");

        // Mẫu Hào has its own files, so Dị Sử's stay as they were; from 2025 there is one file per year.
        File.Exists(Path.Combine(runs.Demo.Folder, "households_2024_mauhao.csv")).ShouldBeTrue();
        File.Exists(Path.Combine(runs.Demo.Folder, "households_2025_mauhao.csv")).ShouldBeFalse();
        var mauHao2021 = runs.Demo.Read("households_2021_mauhao.csv").RealRows.ToList();
        mauHao2021.Count.ShouldBe(1800);
        mauHao2021.Select(r => r["group_code"]).Distinct().Order(StringComparer.Ordinal).ShouldBe(["TDP01", "TDP02", "TDP03", "TDP04", "TDP05"]);
        mauHao2021.ShouldAllBe(r => r["ward_name"] == "Phường Mẫu Hào (dữ liệu tổng hợp)" && r["province_code"] == "33" && r["area"] == "urban");
        runs.Demo.Snapshot(2025).RealRows.ShouldAllBe(r => r["ward_name"] == "Phường Đường Hào" && r["province_code"] == "33");
    }

    [Fact]
    public void Should_map_every_household_of_2024_that_stays_to_the_same_id_in_the_group_the_unit_change_file_names()
    {
        var changes = runs.Demo.Read("unit_changes_2025.csv").Rows;
        var groups = changes.Where(c => c["level"] == "group").ToDictionary(c => c["old_code"], c => (Code: c["new_code"], Name: c["new_name"]));
        var before = runs.Demo.Snapshot(2024).RealRows.Concat(runs.Demo.Read("households_2024_mauhao.csv").RealRows)
            .ToDictionary(r => r["household_id"], r => $"{r["ward_code"]}/{r["group_code"]}");
        var after = runs.Demo.Snapshot(2025).RealRows.ToDictionary(r => r["household_id"]);

        var stayed = before.Keys.Where(after.ContainsKey).ToList();
        stayed.Count.ShouldBeGreaterThan(before.Count * 95 / 100, "about 1 % of households leave in a year");
        foreach (var id in stayed)
        {
            var mapped = groups[before[id]];
            (after[id]["ward_code"], after[id]["group_code"], after[id]["group_name"]).ShouldBe(("DUONGHAO", mapped.Code, mapped.Name), id);
        }

        // Every Đường Hào household of 2025 that is not new there came from one of the two wards.
        var entrants = after.Keys.Where(id => !before.ContainsKey(id)).ToList();
        entrants.Count.ShouldBeLessThan(after.Count * 3 / 100, "about 1.5 % of households are new in a year");
        entrants.ShouldAllBe(id => id.StartsWith("DISU-", StringComparison.Ordinal) || id.StartsWith("MAUHAO-", StringComparison.Ordinal));
        after.Values.Select(r => r["group_code"]).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(Enumerable.Range(1, 13).Select(i => $"TDP{i:D2}"));
    }

    [Fact]
    public void Should_write_the_unit_change_file_of_the_contract_with_two_ward_merges_and_one_row_per_former_group()
    {
        var file = runs.Demo.Read("unit_changes_2025.csv");
        file.Header.ShouldBe(["effective_date", "level", "kind", "old_code", "old_name", "new_code", "new_name", "parent_code", "share"]);
        file.Rows.ShouldAllBe(r => r["effective_date"] == "2025-07-01" && r["share"] == "");

        file.Rows.Where(r => r["level"] == "ward").Select(r => (r["kind"], r["old_code"], r["old_name"], r["new_code"], r["new_name"], r["parent_code"])).ShouldBe(
        [
            ("merge", "DISU", "Phường Dị Sử", "DUONGHAO", "Phường Đường Hào", "33"),
            ("merge", "MAUHAO", "Phường Mẫu Hào (dữ liệu tổng hợp)", "DUONGHAO", "Phường Đường Hào", "33"),
        ]);

        var groups = file.Rows.Where(r => r["level"] == "group").ToList();
        groups.Count.ShouldBe(9 + 5);
        groups.ShouldAllBe(r => r["parent_code"] == "DUONGHAO");
        // Trại and Sài become one group; Mẫu Hào's third group takes a new name; the others only move.
        groups.Where(r => r["kind"] == "merge").Select(r => (r["old_code"], r["old_name"], r["new_code"], r["new_name"])).ShouldBe(
        [
            ("DISU/TDP03", "Tổ dân phố Trại", "TDP03", "Tổ dân phố Trại Sài"),
            ("DISU/TDP04", "Tổ dân phố Sài", "TDP03", "Tổ dân phố Trại Sài"),
        ]);
        groups.Where(r => r["kind"] == "rename").Select(r => (r["old_code"], r["old_name"], r["new_code"], r["new_name"]))
            .ShouldHaveSingleItem().ShouldBe(("MAUHAO/TDP03", "Tổ dân phố Mẫu Hào 3", "TDP11", "Tổ dân phố Hào Xuyên"));
        groups.Where(r => r["kind"] == "move").ShouldAllBe(r => r["old_name"] == r["new_name"]);
        groups.Select(r => r["new_code"]).Distinct().Count().ShouldBe(13);
        groups.Where(r => r["old_code"].StartsWith("MAUHAO/", StringComparison.Ordinal)).Select(r => r["new_code"])
            .ShouldBe(["TDP09", "TDP10", "TDP11", "TDP12", "TDP13"]);

        // The old units are the ones the 2024 files carry, under the names they carry.
        var old = runs.Demo.Snapshot(2024).RealRows.Concat(runs.Demo.Read("households_2024_mauhao.csv").RealRows)
            .Select(r => (Code: $"{r["ward_code"]}/{r["group_code"]}", Name: r["group_name"])).Distinct().OrderBy(g => g.Code, StringComparer.Ordinal).ToList();
        groups.Select(r => (Code: r["old_code"], Name: r["old_name"])).OrderBy(g => g.Code, StringComparer.Ordinal).ShouldBe(old);
    }

    [Fact]
    public void Should_give_Duong_Hao_a_ward_target_for_each_plan_year_2025_to_2027_and_keep_Di_Sus_2024_target()
    {
        runs.Demo.Read("targets_2025.csv").Rows.Select(r => (r["year"], r["ward_code"], r["group_code"], r["target_poor_rate"])).ShouldBe(
        [
            ("2025", "DUONGHAO", "", "0.38"), ("2026", "DUONGHAO", "", "0.30"), ("2027", "DUONGHAO", "", "0.25"),
        ]);
        runs.Demo.Read("targets_2024.csv").Rows.Select(r => (r["year"], r["ward_code"], r["target_poor_rate"]))
            .ShouldHaveSingleItem().ShouldBe(("2024", "DISU", "0.31"));
        runs.Demo.Supports(2025).Rows.ShouldAllBe(r => r["ward_code"] == "DUONGHAO");
        runs.Demo.Read("supports_2024_mauhao.csv").Rows.ShouldAllBe(r => r["ward_code"] == "MAUHAO");
    }

    [Fact]
    public void Should_not_write_the_reorganisation_when_the_run_ends_before_2025()
    {
        using var folder = new TempFolder();
        var result = new DiSu.Analytics.Etl.Synthetic.SnapshotGenerator().Generate(
            DiSu.Analytics.Etl.Synthetic.GeneratorOptions.DiSuDemo with { LastYear = 2024 }, folder.Path);

        result.Files.Select(f => Path.GetFileName(f.Path)).ShouldNotContain(n => n.StartsWith("unit_changes", StringComparison.Ordinal) || n == "targets_2025.csv");
        result.Files.Count(f => f.Kind == "snapshot").ShouldBe(8);
    }

    private IEnumerable<(string Name, GeneratedCsv Csv)> SnapshotFiles() =>
        Directory.GetFiles(runs.Demo.Folder, "households_*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Select(n => (n!, runs.Demo.Read(n!)));
}
