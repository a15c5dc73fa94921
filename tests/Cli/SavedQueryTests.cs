using System.Globalization;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Service;
using DiSu.Analytics.Service.Queries;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>
/// Saved queries (<c>disu query --saved NAME --param k=v</c>, <c>--list</c>): every repository query on
/// the demo mart, each against a small hand-checked mart, binding, usage errors and the user folder.
/// </summary>
public sealed class SavedQueryTests(DemoMartFixture demo) : IClassFixture<DemoMartFixture>
{
    // The typical parameters an officer gives each repository query on the demo (ward DISU by default).
    private static readonly Dictionary<string, Dictionary<string, string>> DemoParameters = new()
    {
        ["escaped_by_group"] = new() { ["year"] = "2024" },
        ["re_poor_households"] = new() { ["year"] = "2024" },
        ["poor_without_health_insurance"] = new() { ["year"] = "2024" },
        ["near_poor_deprived"] = new() { ["year"] = "2024" },
        ["groups_rate_rose"] = new() { ["year"] = "2024" },
        ["women_headed_poor"] = new() { ["year"] = "2024" },
        ["merit_households"] = new() { ["year"] = "2024" },
        ["reconciliation"] = new() { ["year"] = "2024" },
        ["groups_vs_target"] = new() { ["year"] = "2024" },
        ["newly_escaped_without_support"] = new() { ["year"] = "2024" },
        ["household_supports"] = new() { ["household"] = "DISU-002298" },
        ["highest_risk"] = new() { ["base_year"] = "2023", ["top"] = "5" },
        ["ward_summary"] = new() { ["year"] = "2024" },
        ["group_deprivations"] = new() { ["year"] = "2024", ["group"] = "TDP07" },
        ["household_history"] = new() { ["household"] = "DISU-002298" },
    };

    public static TheoryData<string> RepoQueries => new(QueryCatalogue.Embedded.Select(q => q.Name));

    // ---- the catalogue ------------------------------------------------------------------------

    [Fact]
    public void Should_embed_at_least_12_described_queries_whose_names_are_their_file_names()
    {
        QueryCatalogue.Embedded.Count.ShouldBeGreaterThanOrEqualTo(12);
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "queries"), "*.sql").Select(Path.GetFileNameWithoutExtension).Order();
        QueryCatalogue.Embedded.Select(q => q.Name).ShouldBe(files);
        QueryCatalogue.Embedded.ShouldAllBe(q => q.Description.Length > 10 && q.DescriptionVi.Length > 10
                                                 && q.Parameters.All(p => p.Description.Contains('/')));
        DemoParameters.Keys.Order().ShouldBe(QueryCatalogue.Embedded.Select(q => q.Name), "every repository query needs its demo parameters here");
    }

    [Theory]
    [MemberData(nameof(RepoQueries))]
    public void Should_run_every_saved_query_on_the_demo_mart(string name)
    {
        var rows = Run(demo.Mart.Connection, name, DemoParameters[name]);
        if (name is not ("women_headed_poor" or "re_poor_households")) rows.ShouldNotBeEmpty(name);
    }

    [Fact]
    public void Should_reconcile_start_and_end_of_year_on_the_demo()
    {
        // cuối kỳ = đầu kỳ − thoát nghèo + phát sinh mới + tái nghèo + chuyển đến − chuyển đi (docs/mart.md)
        var rows = RunRaw(demo.Mart.Connection, "reconciliation", new() { ["year"] = "2024" });
        rows.Count.ShouldBe(10); // 9 groups and the ward
        static long N(object?[] r, int i) => Convert.ToInt64(r[i], CultureInfo.InvariantCulture);
        foreach (var r in rows)
            N(r, 8).ShouldBe(N(r, 2) - N(r, 3) + N(r, 4) + N(r, 5) + N(r, 6) - N(r, 7), $"{r[1]}");
        rows[^1][1].ShouldBe("Toàn phường: Phường Dị Sử");
        // Phát sinh mới carries the near-poor that became poor, as every document counts it.
        var ward = demo.Mart.Rows("SELECT newly_poor + near_poor_to_poor, near_poor_to_poor FROM v_ward_year WHERE ward_code = 'DISU' AND review_year = 2024").Single();
        N(rows[^1], 4).ShouldBe(Convert.ToInt64(ward[0], CultureInfo.InvariantCulture));
        N(rows[^1], 11).ShouldBe(Convert.ToInt64(ward[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Should_limit_highest_risk_to_top_n_most_likely_first()
    {
        var rows = RunRaw(demo.Mart.Connection, "highest_risk", new() { ["base_year"] = "2023", ["top"] = "3" });
        rows.Count.ShouldBe(3);
        rows.Select(r => (double)r[4]!).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public void Should_treat_a_quote_in_a_parameter_as_data()
    {
        Run(demo.Mart.Connection, "escaped_by_group", new() { ["year"] = "2024", ["ward"] = "DISU' OR 1=1 --" }).ShouldBeEmpty();
        Run(demo.Mart.Connection, "household_history", new() { ["household"] = "x'; DROP TABLE fact_support; --" }).ShouldBeEmpty();
        demo.Mart.Scalar<long>("SELECT count(*) FROM fact_support").ShouldBeGreaterThan(0);
    }

    // ---- hand-checked cases -----------------------------------------------------------------

    // Status per year 2022, 2023, 2024: P poor, N near-poor (1 deprivation), D near-poor with 2, . not poor, - absent.
    private static readonly (string Id, string Group, string Panel)[] Panel =
    [
        ("A1", "TDP01", "PP."), // escaped 2024
        ("A2", "TDP01", "PPP"), // stayed poor; woman head, merit, illness; supported with BHYT and credit
        ("L1", "TDP01", "PP-"), // poor, left the ward
        ("N1", "TDP01", "..D"), // near-poor with 2 deprivations
        ("A3", "TDP02", "PP."), // escaped 2024, nothing received
        ("B1", "TDP02", "P.P"), // re-poor, cause capital
        ("N2", "TDP02", "..N"),
        ("M1", "TDP02", "..N"), // merit household
        ("E1", "TDP02", "--P"), // entered poor, has health insurance
        ("F1", "TDP02", "..."), // woman head, not poor
    ];

    private static SnapshotRow Row(string id, string group, char state, int year)
    {
        var row = new SnapshotRow(id, year);
        row = group == "TDP02" ? row.InGroup("TDP02", "Tổ 2") : row;
        row = state switch
        {
            'P' when id == "E1" => row.Deprived(5, 1_200_000).With("lack_health_insurance", "0"),
            'P' => row.Poor(),
            'N' => row.NearPoor(),
            'D' => row.Deprived(2, 1_200_000),
            _ => row.NotPoor(),
        };
        if (id is "A2" or "F1") row = row.With("head_sex", "F");
        if (id is "A2" or "M1") row = row.With("merit_household", "1");
        if (id == "A2") row = row.With("main_cause", "illness");
        if (id == "B1" && state == 'P') row = row.With("main_cause", "capital");
        return row;
    }

    /// <summary>Loads the panel for 2022–2024, supports and targets of 2024 into a mart file.</summary>
    private static void LoadHandMart(EtlRunner runner, TempFolder folder)
    {
        for (var year = 2022; year <= 2024; year++)
        {
            var rows = Panel.Where(p => p.Panel[year - 2022] != '-').Select(p => Row(p.Id, p.Group, p.Panel[year - 2022], year));
            runner.LoadFile(SnapshotCsv.Write(folder.File($"s{year}.csv"), rows)).RowsRejected.ShouldBe(0);
        }
        File.WriteAllText(folder.File("supports.csv"),
            "year,household_id,ward_code,program,amount_vnd\n2024,A2,DISU,health_insurance,500000\n2024,A2,DISU,credit,\n2024,A1,DISU,credit,1000000\n");
        runner.LoadFile(folder.File("supports.csv")).RowsRejected.ShouldBe(0);
        File.WriteAllText(folder.File("targets.csv"), "year,ward_code,group_code,target_poor_rate\n2024,DISU,,30\n2024,DISU,TDP01,40\n");
        runner.LoadFile(folder.File("targets.csv")).RowsRejected.ShouldBe(0);
    }

    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    /// <summary>The hand-checked mart, loaded once per test run and closed: loading its five files costs more than any test that reads it.</summary>
    private static readonly Lazy<string> HandTemplate = new(() =>
    {
        var path = Templates.File("hand.duckdb");
        var clock = new FakeTimeProvider(TestMart.Epoch);
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        LoadHandMart(new EtlRunner(connection, clock, "tests"), Templates);
        return path;
    });

    /// <summary>A copy of the hand-checked mart, open.</summary>
    private static TestMart HandMart() => new(copyOf: HandTemplate.Value);

    private static readonly Dictionary<string, string> Year2024 = new() { ["year"] = "2024" };

    [Fact]
    public void Should_list_the_households_that_escaped_by_group()
    {
        using var mart = HandMart();
        Run(mart.Connection, "escaped_by_group", Year2024).ShouldBe([
            "TDP01|Tổ dân phố Nhân Vinh|1|A1",
            "TDP02|Tổ 2|1|A3",
        ]);
        Run(mart.Connection, "escaped_by_group", new() { ["year"] = "2023" }).ShouldBe(["TDP02|Tổ 2|1|B1"]);
    }

    [Fact]
    public void Should_list_re_poor_households_with_their_cause()
    {
        using var mart = HandMart();
        Run(mart.Connection, "re_poor_households", Year2024)
            .ShouldBe(["TDP02|Tổ 2|B1|not_poor|1|1200000|4|capital|Thiếu vốn sản xuất, kinh doanh"]);
    }

    [Fact]
    public void Should_list_poor_households_without_health_insurance_and_whether_supported()
    {
        using var mart = HandMart();
        Run(mart.Connection, "poor_without_health_insurance", Year2024).ShouldBe([
            "TDP01|Tổ dân phố Nhân Vinh|A2|4|4|True",
            "TDP02|Tổ 2|B1|4|4|False",
        ]);
    }

    [Fact]
    public void Should_list_near_poor_households_with_at_least_the_given_deprivations()
    {
        using var mart = HandMart();
        Run(mart.Connection, "near_poor_deprived", Year2024)
            .ShouldBe(["TDP01|Tổ dân phố Nhân Vinh|N1|1200000|2|employment, dependents"]);
        Run(mart.Connection, "near_poor_deprived", new() { ["year"] = "2024", ["min_deprivations"] = "1" }).ShouldBe([
            "TDP01|Tổ dân phố Nhân Vinh|N1|1200000|2|employment, dependents",
            "TDP02|Tổ 2|M1|1200000|1|employment",
            "TDP02|Tổ 2|N2|1200000|1|employment",
        ]);
    }

    [Fact]
    public void Should_list_groups_whose_rate_rose()
    {
        using var mart = HandMart();
        // TDP01: 3/4 = 75 % → 1/3; TDP02: 1/5 = 20 % → 2/6 = 33.33 %.
        Run(mart.Connection, "groups_rate_rose", Year2024).ShouldBe(["TDP02|Tổ 2|2023|5|1|20|6|2|33.33|13.333|True"]);
    }

    [Fact]
    public void Should_list_women_headed_poor_households()
    {
        using var mart = HandMart();
        Run(mart.Connection, "women_headed_poor", Year2024).ShouldBe(["TDP01|Tổ dân phố Nhân Vinh|A2|1970|4|1|1|0|1200000|4|illness"]);
    }

    [Fact]
    public void Should_list_merit_households_poor_first()
    {
        using var mart = HandMart();
        Run(mart.Connection, "merit_households", Year2024).ShouldBe([
            "TDP01|Tổ dân phố Nhân Vinh|A2|poor|Hộ nghèo|Hộ nghèo tiếp tục nghèo|1200000|4",
            "TDP02|Tổ 2|M1|near_poor|Hộ cận nghèo|Không nghèo|1200000|1",
        ]);
    }

    [Fact]
    public void Should_reconcile_start_to_end_per_group_and_ward_as_the_official_form()
    {
        using var mart = HandMart();
        // start, escaped, new (incl. near-poor → poor), re-poor, entered, left, end, households, rate, near-poor → poor
        Run(mart.Connection, "reconciliation", Year2024).ShouldBe([
            "TDP01|Tổ dân phố Nhân Vinh|3|1|0|0|0|1|1|3|33.33|0",
            "TDP02|Tổ 2|1|1|0|1|1|0|2|6|33.33|0",
            "|Toàn phường: Phường Dị Sử|4|2|0|1|1|1|3|9|33.33|0",
        ]);
        Run(mart.Connection, "reconciliation", new() { ["year"] = "2022" }).ShouldBeEmpty(); // first round: no start
    }

    [Fact]
    public void Should_compare_groups_with_their_own_target_or_the_wards()
    {
        using var mart = HandMart();
        Run(mart.Connection, "groups_vs_target", Year2024).ShouldBe([
            "TDP02|Tổ 2|6|2|33.33|30|xã|3.33|False",
            "TDP01|Tổ dân phố Nhân Vinh|3|1|33.33|40|tổ|-6.67|True",
        ]);
    }

    [Fact]
    public void Should_list_newly_escaped_households_not_reached_by_their_programs()
    {
        using var mart = HandMart();
        // A1 got credit but no health insurance; A3 got nothing.
        Run(mart.Connection, "newly_escaped_without_support", Year2024).ShouldBe([
            "TDP01|A1|not_poor|1|health_insurance|Hỗ trợ bảo hiểm y tế",
            "TDP02|A3|not_poor|2|credit, health_insurance|Tín dụng ưu đãi (Ngân hàng Chính sách xã hội); Hỗ trợ bảo hiểm y tế",
        ]);
    }

    [Fact]
    public void Should_list_a_households_supports()
    {
        using var mart = HandMart();
        RunRaw(mart.Connection, "household_supports", new() { ["household"] = "A2" })
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[5]}").ShouldBe(["2024|DISU|credit|", "2024|DISU|health_insurance|500000"]);
        Run(mart.Connection, "household_supports", new() { ["household"] = "A3" }).ShouldBeEmpty();
    }

    [Fact]
    public void Should_summarise_the_ward_year()
    {
        using var mart = HandMart();
        Run(mart.Connection, "ward_summary", Year2024).ShouldBe(["Phường Dị Sử|2024|2|9|3|33.33|3|33.33|4|2|0|1|1|1|2|30"]);
    }

    [Fact]
    public void Should_count_the_deprivations_of_a_group()
    {
        using var mart = HandMart();
        var rows = Run(mart.Connection, "group_deprivations", new() { ["year"] = "2024", ["group"] = "TDP02" });
        rows.Count.ShouldBe(12);
        // employment: B1, E1, N2, M1 (poor: B1, E1); health insurance: B1 only (E1 has it).
        rows.ShouldContain(r => r.StartsWith("employment|", StringComparison.Ordinal) && r.EndsWith("|6|4|66.7|2|33.3", StringComparison.Ordinal));
        rows.ShouldContain(r => r.StartsWith("health_insurance|", StringComparison.Ordinal) && r.EndsWith("|6|1|16.7|1|16.7", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_show_a_households_path()
    {
        using var mart = HandMart();
        RunRaw(mart.Connection, "household_history", new() { ["household"] = "A1" })
            .Select(r => $"{r[0]}|{r[3]}|{r[4]}|{r[9]}").ShouldBe(["2022|poor||False", "2023|poor|stayed_poor|False", "2024|not_poor|escaped|True"]);
    }

    // ---- binding rules ----------------------------------------------------------------------

    [Fact]
    public void Should_refuse_unknown_missing_and_badly_typed_parameters()
    {
        var query = QueryCatalogue.Embedded.Single(q => q.Name == "near_poor_deprived");
        Should.Throw<UsageException>(() => query.Bind(new Dictionary<string, string>()))
            .Text.En.ShouldContain("needs parameter 'year'");
        Should.Throw<UsageException>(() => query.Bind(new Dictionary<string, string> { ["year"] = "2024", ["colour"] = "red" }))
            .Text.En.ShouldContain("has no parameter 'colour'; its parameters: ward VARCHAR = DISU, year INTEGER, min_deprivations INTEGER = 2");
        Should.Throw<UsageException>(() => query.Bind(new Dictionary<string, string> { ["year"] = "2024.5" }))
            .Text.En.ShouldContain("parameter 'year' must be an INTEGER");
        var bound = query.Bind(new Dictionary<string, string> { ["year"] = " 2024 " });
        bound.Select(p => p.Value).ShouldBe(["DISU", 2024, 2]);
    }

    [Theory]
    [InlineData("-- name: other\n-- description: d english\n-- description_vi: d vi\nSELECT 1", "must start with '-- name: mine'")]
    [InlineData("-- name: mine\n-- description: d english\nSELECT 1", "description_vi")]
    [InlineData("-- name: mine\n-- description: e\n-- description_vi: v\nSELECT $year", "uses $year without a '-- param:' declaration")]
    [InlineData("-- name: mine\n-- description: e\n-- description_vi: v\n-- param: year INTEGER  y\nSELECT 1", "declared but the SQL does not use $year")]
    [InlineData("-- name: mine\n-- description: e\n-- description_vi: v\n-- param: year NUMBER  y\nSELECT $year", "TYPE one of INTEGER")]
    [InlineData("-- name: mine\n-- description: e\n-- description_vi: v\n-- param: year INTEGER = soon  y\nSELECT $year", "the default of parameter 'year' must be an INTEGER")]
    public void Should_refuse_a_file_that_breaks_the_header_rules(string text, string reason)
    {
        Should.Throw<SavedQueryException>(() => SavedQueryParser.Parse("mine.sql", text, QuerySource.User, "mine.sql"))
            .Message.ShouldContain(reason);
    }

    // ---- the command line -------------------------------------------------------------------

    [Fact]
    public void Should_list_every_saved_query_with_its_parameters()
    {
        using var empty = new TempFolder();
        var run = CliRun.Of("query", "--list", "--query-folder", empty.Path, "--format", "csv");
        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("name,parameters,description,source");
        lines.Length.ShouldBe(QueryCatalogue.Embedded.Count + 1);
        run.Out.ShouldContain("reconciliation,\"ward VARCHAR = DISU, year INTEGER\",");
        run.Out.ShouldContain("Hộ nghèo có chủ hộ là nữ / Poor households headed by a woman,repo");
    }

    [Fact]
    public void Should_run_a_saved_query_from_the_command_line_with_bound_parameters()
    {
        using var folder = new TempFolder();
        var mart = BuildClosedMart(folder);
        var run = CliRun.Of("query", "--mart", mart, "--saved", "escaped_by_group", "--param", "year=2024", "--format", "csv");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldBe("Mã tổ,Tổ dân phố,Số hộ thoát nghèo,Mã hộ\nTDP01,Tổ dân phố Nhân Vinh,1,A1\nTDP02,Tổ 2,1,A3\n", StringCompareShould.IgnoreLineEndings);

        var injected = CliRun.Of("query", "--mart", mart, "--saved", "escaped_by_group", "--param", "year=2024",
            "--param", "ward=DISU' OR 1=1 --", "--format", "csv");
        injected.ExitCode.ShouldBe(0, injected.Error);
        injected.Out.Trim().ShouldBe("Mã tổ,Tổ dân phố,Số hộ thoát nghèo,Mã hộ");
    }

    [Theory]
    [InlineData("không có truy vấn lưu sẵn 'nosuch'. Xem các tên bằng 'disu query --list'", "--saved", "nosuch")]
    [InlineData("cần tham số 'year'", "--saved", "reconciliation")]
    [InlineData("tham số 'year' phải là một INTEGER (số nguyên", "--saved", "reconciliation", "--param", "year=twenty")]
    [InlineData("không có tham số 'yaer'", "--saved", "reconciliation", "--param", "yaer=2024")]
    [InlineData("phải viết dạng tên=giá_trị", "--saved", "reconciliation", "--param", "year")]
    [InlineData("--param year được cho hai lần", "--saved", "reconciliation", "--param", "year=2024", "--param", "year=2023")]
    [InlineData("hãy cho đúng một trong", "SELECT 1", "--saved", "reconciliation")]
    [InlineData("hãy cho đúng một trong", "--list", "--saved", "reconciliation")]
    [InlineData("--param chỉ đi cùng --saved", "SELECT 1", "--param", "year=2024")]
    [InlineData("parameter 'year' must be an INTEGER (a whole number", "--saved", "reconciliation", "--param", "year=twenty", "--lang", "en")]
    public void Should_exit_2_and_state_the_rule_on_bad_saved_query_usage(string message, params string[] args)
    {
        using var folder = new TempFolder();
        var run = CliRun.Of(["query", "--mart", folder.File("none.duckdb"), "--query-folder", folder.Path, .. args]);
        run.ExitCode.ShouldBe(2, run.Error);
        run.Error.ShouldContain(message);
    }

    [Fact]
    public void Should_let_the_user_folder_add_and_override_queries_and_skip_broken_files()
    {
        using var folder = new TempFolder();
        var mart = BuildClosedMart(folder);
        var mine = Directory.CreateDirectory(folder.File("queries")).FullName;
        File.WriteAllText(Path.Combine(mine, "escaped_by_group.sql"), """
            -- name: escaped_by_group
            -- description: My own version
            -- description_vi: Phiên bản của tôi
            -- param: year INTEGER  Năm / Year
            SELECT count(*) AS escaped FROM v_transitions WHERE review_year = $year AND transition = 'escaped';
            """);
        File.WriteAllText(Path.Combine(mine, "poor_count.sql"), """
            -- name: poor_count
            -- description: Poor households in a group
            -- description_vi: Số hộ nghèo của một tổ
            -- param: year INTEGER = 2024  Năm / Year
            -- param: group VARCHAR = TDP02  Mã tổ / Group
            SELECT count(*) AS poor FROM v_household_year WHERE review_year = $year AND group_code = $group AND status = 'poor';
            """);
        File.WriteAllText(Path.Combine(mine, "broken.sql"), "SELECT 1;");

        var list = CliRun.Of("query", "--list", "--query-folder", mine, "--format", "csv");
        list.ExitCode.ShouldBe(0);
        list.Out.ShouldContain("escaped_by_group,year INTEGER,Phiên bản của tôi / My own version,user (");
        list.Out.ShouldContain("poor_count,\"year INTEGER = 2024, group VARCHAR = TDP02\"");
        list.Out.ShouldContain("reconciliation,");
        list.Error.ShouldContain("bỏ qua truy vấn lưu sẵn:");

        CliRun.Of("query", "--mart", mart, "--query-folder", mine, "--saved", "escaped_by_group", "--param", "year=2024", "--format", "csv")
            .Out.ShouldBe("escaped\n2\n", StringCompareShould.IgnoreLineEndings);
        CliRun.Of("query", "--mart", mart, "--query-folder", mine, "--saved", "POOR_COUNT", "--format", "csv")
            .Out.ShouldBe("poor\n2\n", StringCompareShould.IgnoreLineEndings);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>A copy of the hand-checked mart as a closed file, so the CLI can open it.</summary>
    private static string BuildClosedMart(TempFolder folder)
    {
        var path = folder.File("hand.duckdb");
        TestMart.CopyMart(HandTemplate.Value, path);
        return path;
    }

    private static List<object?[]> RunRaw(DuckDBConnection connection, string name, Dictionary<string, string> parameters)
    {
        var query = QueryCatalogue.Embedded.Single(q => q.Name == name);
        using var command = query.CreateCommand(connection, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Each row as its cells joined by |, numbers in the invariant culture, NULL empty.</summary>
    private static List<string> Run(DuckDBConnection connection, string name, Dictionary<string, string> parameters) =>
        RunRaw(connection, name, parameters)
            .Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiSu.Analytics.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
