using System.Text.RegularExpressions;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>
/// docs/inputs.md is the input contract as the loader implements it: every column and alias of
/// each file kind, whether its header needs it, every support program, and every reject reason the
/// loader writes, quoted in both languages.
/// </summary>
public sealed partial class InputsDocTests
{
    private static readonly string[] Doc = File.ReadAllLines(MartDocsTests.RepoFile("docs/inputs.md"));

    [Theory]
    [InlineData(FileKind.Snapshot, "## 1. Household snapshot")]
    [InlineData(FileKind.Support, "## 2. Support records")]
    [InlineData(FileKind.Target, "## 3. Plan targets")]
    [InlineData(FileKind.UnitChange, "## 4. Unit changes")]
    public void Should_list_every_column_and_alias_of_each_file_as_the_contract_has_them(FileKind kind, string heading)
    {
        var documented = Section(heading)
            .Select(l => ColumnRow().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, m.Groups["alias"].Value, m.Groups["header"].Value == "required"))
            .ToList();
        var contract = InputContract.For(kind).Select(c => (c.Name, c.Alias, c.RequiredInHeader)).ToList();

        documented.ShouldBe(contract, $"the column table under '{heading}' (| `name` | `alias` | required/optional/see below | …) against etl/Contract/InputContract.cs");
    }

    [Fact]
    public void Should_list_every_support_program_the_mart_knows()
    {
        using var mart = new TestMart();
        var programs = mart.Connection.Read<ProgramRow>("SELECT program_code, label_vi FROM dim_program ORDER BY content_area, program_code");
        programs.Count.ShouldBe(16);
        var documented = Section("## 2. Support records")
            .Select(l => ProgramTableRow().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["code"].Value, m.Groups["label"].Value.Trim()))
            .ToHashSet();

        programs.Where(p => !documented.Contains((p.ProgramCode, p.LabelVi))).Select(p => p.ProgramCode).ShouldBeEmpty();
        documented.Count.ShouldBe(programs.Count);
    }

    [Fact]
    public void Should_quote_every_reason_the_loader_gives_for_broken_rows_and_refused_files()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("elsewhere.csv", new SnapshotRow("MOVED").InWard("OTHER", "Phường Khác")).RowsLoaded.ShouldBe(1);
        mart.LoadSnapshot("households.csv", [.. BrokenHouseholds()]).RowsLoaded.ShouldBeGreaterThan(0);
        mart.LoadText("supports.csv", """
            year,household_id,ward_code,program,amount_vnd
            2024,OK1,DISU,credit,
            ,OK1,DISU,credit,
            1999,OK1,DISU,credit,
            2024,OK1,,credit,
            2024,,DISU,credit,
            2024,OK1,DISU,,
            2024,OK1,DISU,lottery,
            2024,OK1,DISU,credit,1.500
            2024,OK1,DISU,credit,abc
            2024,OK1,DISU,credit,1,5tr
            2024,NOPE,DISU,credit,

            """).RowsLoaded.ShouldBe(1);
        mart.LoadText("targets.csv", """
            year,ward_code,group_code,target_poor_rate,target_poor_households
            2025,DISU,,0.31,
            ,DISU,,0.31,
            2025,,,0.31,
            2026,DISU,,,
            2026,DISU,TDP01,abc,
            2026,DISU,TDP02,0.5,x
            2026,DISU,,0.4,3
            2027,DISU,,0.3,
            2027,DISU,,0.2,
            2020,DISU,TDP01,,1
            2025,DISU,NOGROUP,,1
            2025,DISU,TDP01,,999

            """).RowsLoaded.ShouldBe(1);
        mart.LoadText("units.csv", BrokenUnitChanges).RowsLoaded.ShouldBe(1);
        mart.LoadText("not-input.csv", "a,b\n1,2\n");
        mart.LoadText("twice.csv", "year,nam,ward_code,program\n2024,2024,DISU,credit\n");
        mart.LoadText("missing.csv", "year,household_id,program\n2024,OK1,credit\n");
        mart.LoadText("missing-two.csv", "year,program\n2024,credit\n");
        File.WriteAllBytes(mart.Folder.File("utf16.csv"), [0xFF, 0xFE, (byte)'y', 0, (byte)'\n', 0]);
        mart.Runner.LoadFile(mart.Folder.File("utf16.csv"));

        var given = mart.Connection.Read<RejectRow>("SELECT DISTINCT file_name, row_no, column_name, reason, reason_en FROM etl_reject ORDER BY file_name, row_no, column_name");
        var templates = Templates();
        var undocumented = given
            .Where(r => !templates.Any(t => t.Vi.IsMatch(Unrefused(r.Reason, "tệp bị từ chối: ")) && t.En.IsMatch(Unrefused(r.ReasonEn, "file refused: "))))
            .Select(r => $"{r.FileName}:{r.RowNo} {r.ColumnName}:\n  {r.Reason}\n  {r.ReasonEn}")
            .ToList();

        given.Select(r => r.ReasonEn).Distinct().Count().ShouldBeGreaterThanOrEqualTo(45);
        undocumented.ShouldBeEmpty("each reason must match a `reason` / `reason_en` pair of a table in docs/inputs.md ({…} stands for any text)");
    }

    /// <summary>A valid change (row 2) and, after it, rows breaking each rule of the unit-change file once (DISU and OTHER are reviewed from 2024, both have a TDP01).</summary>
    internal const string BrokenUnitChanges = """
        effective_date,level,kind,old_code,old_name,new_code,new_name,parent_code,share
        2025-07-01,ward,merge,OTHER,,DUONGHAO,Phường Đường Hào,33,
        ,ward,merge,DISU,,X,X,,
        2025/07/01,ward,merge,DISU,,X,X,,
        2024-01-01,ward,merge,DISU,,X,X,,
        2025-07-01,,merge,DISU,,X,X,,
        2025-07-01,commune,merge,DISU,,X,X,,
        2025-07-01,ward,,DISU,,X,X,,
        2025-07-01,ward,absorb,DISU,,X,X,,
        2025-07-01,ward,merge,,,X,X,,
        2025-07-01,group,move,TDP01,,T1,T1,,
        2025-07-01,ward,merge,NOWHERE,,X,X,,
        2025-07-01,ward,merge,DISU,Phường Sai,X,X,,
        2025-07-01,ward,merge,DISU,,,X,,
        2025-07-01,group,move,DISU/TDP01,,A/B,X,,
        2025-07-01,ward,merge,DISU,,DISU,X,,
        2025-07-01,ward,merge,DISU,,X,,,
        2025-07-01,ward,merge,DISU,,X,X,,0.5
        2025-07-01,ward,split,DISU,,X,X,,1.5
        2026-01-01,group,move,DISU/TDP01,,T9,Tổ 9,DISU,
        2026-01-01,group,merge,DISU/TDP01,,T8,Tổ 8,DISU,
        2026-02-01,ward,split,DISU,,DA,Phường A,33,0.5
        2026-02-01,ward,split,DISU,,DB,Phường B,33,
        2026-03-01,ward,split,DISU,,DA,Phường A,33,0.5
        2026-03-01,ward,split,DISU,,DB,Phường B,33,0.4
        2026-04-01,ward,rename,DISU,,OTHER,Phường Khác,33,
        2026-04-01,ward,rename,OTHER,,DISU,Phường Dị Sử,33,

        """;

    /// <summary>A valid household and, after it, a row breaking each rule of the snapshot once (2024, Decree 07).</summary>
    private static IEnumerable<SnapshotRow> BrokenHouseholds()
    {
        var n = 0;
        SnapshotRow Row(string column, string value) => new SnapshotRow($"B{++n:D2}").With(column, value);
        yield return new SnapshotRow("OK1");
        yield return new SnapshotRow("OK2");
        yield return new SnapshotRow("OK3");
        foreach (var (column, value) in new[]
                 {
                     ("review_year", ""), ("review_year", "20x4"), ("review_year", "2015"), ("province_code", ""), ("province_name", ""),
                     ("ward_code", ""), ("ward_name", ""), ("group_code", ""), ("group_name", ""), ("area", "city"), ("household_id", ""),
                     ("members", "60"), ("income_per_capita_month", ""), ("income_per_capita_month", "1.500"),
                     ("income_per_capita_month", "1,5tr"), ("income_per_capita_month", "2000000000"), ("lack_water", "2"),
                     ("lack_water", ""), ("lack_waste", "x"), ("merit_household", "yes"), ("social_protection", ""), ("head_sex", "X"),
                     ("head_birth_year", "2030"), ("members_working_age", "5"), ("members_elderly", "5"), ("members_children", "3"),
                     ("main_cause", "luck"), ("recorded_status", "rich"),
                 })
            yield return Row(column, value);
        // The same household twice in one year; a household already in another ward.
        yield return new SnapshotRow("DUP");
        yield return new SnapshotRow("DUP");
        yield return new SnapshotRow("MOVED");
        // One group name against the majority; a group whose two rows disagree with no majority.
        yield return new SnapshotRow("ODD").With("group_name", "Tổ khác");
        yield return new SnapshotRow("TIE1").InGroup("TDP02", "Tổ Một");
        yield return new SnapshotRow("TIE2").InGroup("TDP02", "Tổ Hai");
    }

    /// <summary>The (reason, reason_en) pairs of every table with those two columns, as patterns: {…} and … stand for any text.</summary>
    private static List<(Regex Vi, Regex En)> Templates()
    {
        var templates = new List<(Regex, Regex)>();
        var inTable = false;
        foreach (var line in Doc)
        {
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }
            var cells = Cells(line);
            if (cells.Count >= 2 && cells[^2].StartsWith("`reason`", StringComparison.Ordinal) && cells[^1].StartsWith("`reason_en`", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }
            if (!inTable || cells.Count < 2) continue;
            foreach (var vi in Spans(cells[^2]))
                foreach (var en in Spans(cells[^1]))
                    templates.Add((Pattern(vi), Pattern(en)));
        }
        templates.Count.ShouldBeGreaterThan(50);
        return templates;
    }

    private static List<string> Cells(string line) =>
        SplitCells().Split(line.Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToList();

    private static IEnumerable<string> Spans(string cell) => CodeSpan().Matches(cell).Select(m => m.Groups["code"].Value);

    private static Regex Pattern(string template) => new(
        "^" + string.Concat(Placeholder().Split(template).Select(part =>
            part == "…" ? ".*" : part.StartsWith('{') && part.EndsWith('}') ? ".*?" : Regex.Escape(part))) + "$",
        RegexOptions.Singleline);

    private static string Unrefused(string reason, string prefix) =>
        reason.StartsWith(prefix, StringComparison.Ordinal) ? reason[prefix.Length..] : reason;

    /// <summary>The lines from a "## " heading to the next one.</summary>
    private static IEnumerable<string> Section(string heading)
    {
        var start = Array.IndexOf(Doc, heading);
        start.ShouldBeGreaterThanOrEqualTo(0, $"docs/inputs.md has no heading '{heading}'");
        return Doc.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
    }

    private sealed record ProgramRow
    {
        public required string ProgramCode { get; init; }
        public required string LabelVi { get; init; }
    }

    private sealed record RejectRow
    {
        public required string FileName { get; init; }
        public long? RowNo { get; init; }
        public string? ColumnName { get; init; }
        public required string Reason { get; init; }
        public required string ReasonEn { get; init; }
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \| `(?<alias>[a-z_]+)` \| (?<header>required|optional|see below) \|")]
    private static partial Regex ColumnRow();

    [GeneratedRegex(@"^\| [^|]* \| `(?<code>[a-z_]+)` \| (?<label>[^|]+) \|$")]
    private static partial Regex ProgramTableRow();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex SplitCells();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(\{[^}]*\}|…)")]
    private static partial Regex Placeholder();
}
