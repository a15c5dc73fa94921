using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>
/// A generated panel of four rural communes (2021–2025) reorganised from the 2024 review: 0001 and
/// 0002 merge into 0012 (0002's groups renumbered, two of them merged), 0003 renames a group and
/// gives another to a new commune 0031, and 0004 is split into 0004A and 0004B (by shares 0.6 / 0.4,
/// one group named). <see cref="Baseline"/> holds the same households without the reorganisation,
/// so every figure of the reorganised mart has an answer to compare with. Both built once per run.
/// </summary>
internal static class ReorganisedPanel
{
    public const string Changes = """
        effective_date,level,kind,old_code,old_name,new_code,new_name,parent_code,share
        2024-07-01,ward,merge,P01W0001,Xã 0001,P01W0012,Xã Hợp Nhất,P01,
        2024-07-01,ward,merge,P01W0002,,P01W0012,Xã Hợp Nhất,P01,
        2024-07-01,group,move,P01W0002/T01,,T04,Thôn 04,P01W0012,
        2024-07-01,group,merge,P01W0002/T02,,T05,Thôn 05,P01W0012,
        2024-07-01,group,merge,P01W0002/T03,,T05,Thôn 05,P01W0012,
        2024-07-01,group,rename,P01W0003/T02,,T02R,Thôn Đổi Tên,P01W0003,
        2024-07-01,group,move,P01W0003/T03,,T01,Thôn 01,P01W0031,
        2024-07-01,ward,split,P01W0004,,P01W0004A,Xã Bốn A,P01,0.6
        2024-07-01,ward,split,P01W0004,,P01W0004B,Xã Bốn B,P01,0.4
        2024-07-01,group,move,P01W0004/T03,,T01,Thôn 01,P01W0004B,

        """;

    // Seed 7 makes the four units rural communes: merged units share one area (a ward's rows must agree).
    private static readonly GeneratorOptions Options = new()
    {
        Demo = false, Provinces = 1, WardsPerProvince = 4, GroupsPerWard = 3, HouseholdsPerWard = 300,
        FirstYear = 2021, LastYear = 2025, Seed = 7, WriteSupports = false, WriteTargets = false,
    };

    private static readonly TempFolder Files = new();

    private static readonly Lazy<string> Inbox = new(() =>
    {
        var inbox = Files.File("inbox");
        new SnapshotGenerator().Generate(Options, inbox);
        var changed = Directory.CreateDirectory(Files.File("changed")).FullName;
        foreach (var file in Directory.GetFiles(inbox, "households_*.csv"))
            File.WriteAllLines(Path.Combine(changed, Path.GetFileName(file)), Restated(File.ReadAllLines(file)));
        File.WriteAllText(Path.Combine(changed, "unit_changes.csv"), Changes);
        return Files.Path;
    });

    /// <summary>The households as delivered without any reorganisation.</summary>
    public static TestMart Baseline() => TestMart.From("reorganised-baseline", m =>
        m.Runner.Load([Path.Combine(Inbox.Value, "inbox")]).ShouldAllBe(r => r.RowsRejected == 0));

    /// <summary>The same households, delivered under the new units from 2024, with the unit-change file.</summary>
    public static TestMart Reorganised() => TestMart.From("reorganised", m =>
        m.Runner.Load([Path.Combine(Inbox.Value, "changed")]).ShouldAllBe(r => r.RowsRejected == 0));

    /// <summary>The reorganised files loaded in another order: to 2023, the unit changes, then 2024–2025.</summary>
    public static TestMart ChangesBeforeNewRounds() => TestMart.From("reorganised-changes-first", m =>
    {
        var changed = Path.Combine(Inbox.Value, "changed");
        foreach (var name in new[] { "households_2021.csv", "households_2022.csv", "households_2023.csv" })
            m.Runner.LoadFile(Path.Combine(changed, name)).RowsRejected.ShouldBe(0);
        m.Runner.LoadFile(Path.Combine(changed, "unit_changes.csv")).RowsRejected.ShouldBe(0);
        foreach (var name in new[] { "households_2024.csv", "households_2025.csv" })
            m.Runner.LoadFile(Path.Combine(changed, name)).RowsRejected.ShouldBe(0);
    });

    /// <summary>The unit a household-year of the baseline is in today, as the change file says (split 0004 groups T01/T02 excepted).</summary>
    public static (string Ward, string Group)? Today(string ward, string group) => (ward, group) switch
    {
        ("P01W0001", _) => ("P01W0012", group),
        ("P01W0002", "T01") => ("P01W0012", "T04"),
        ("P01W0002", _) => ("P01W0012", "T05"),
        ("P01W0003", "T02") => ("P01W0003", "T02R"),
        ("P01W0003", "T03") => ("P01W0031", "T01"),
        ("P01W0004", "T03") => ("P01W0004B", "T01"),
        ("P01W0004", _) => null, // split by the households' own later reviews, else by share
        _ => (ward, group),
    };

    private static IEnumerable<string> Restated(string[] lines)
    {
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var (year, ward, wardName, group, groupName) = (Col("review_year"), Col("ward_code"), Col("ward_name"), Col("group_code"), Col("group_name"));
        yield return lines[0];
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (int.Parse(cells[year], System.Globalization.CultureInfo.InvariantCulture) >= 2024)
            {
                var (w, g) = Today(cells[ward], cells[group]) ?? (cells[group] == "T03" ? ("P01W0004B", "T01") : ("P01W0004A", cells[group]));
                cells[wardName] = w switch
                {
                    "P01W0012" => "Xã Hợp Nhất", "P01W0031" => "Xã Tách", "P01W0004A" => "Xã Bốn A", "P01W0004B" => "Xã Bốn B",
                    _ => cells[wardName],
                };
                if (g != cells[group] || w != cells[ward])
                    cells[groupName] = g == "T02R" ? "Thôn Đổi Tên" : $"Thôn {g[1..]}";
                (cells[ward], cells[group]) = (w, g);
            }
            yield return string.Join(',', cells);
        }
    }
}
