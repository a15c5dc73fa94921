using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu settings --set`: each editable key has its own rule, and a refusal states it.</summary>
public sealed class SettingRulesTests
{
    /// <summary>An empty migrated mart (what `disu migrate` makes), copied from the run's template.</summary>
    private static string Migrated(TempFolder folder) => TestMart.EmptyAt(folder.File("m.duckdb"));

    [Theory]
    [InlineData("3/12", "0.25")]
    [InlineData("0.25", "0.25")]
    [InlineData("1/3", "0.3333333333333333")]
    [InlineData("1", "1")]
    [InlineData(" 5 / 12 ", "0.4166666666666667")]
    public void Should_store_the_af_cutoff_as_a_decimal_whether_typed_as_a_fraction_or_a_decimal(string typed, string stored)
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);
        var run = CliRun.Of("settings", "--mart", mart, "--set", $"af_cutoff={typed}", "--format", "csv");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain($"af_cutoff,{stored},");
    }

    [Theory]
    [InlineData("af_cutoff=0", "af_cutoff must be a decimal or a fraction like 3/12, greater than 0 and at most 1")]
    [InlineData("af_cutoff=1.5", "af_cutoff must be a decimal or a fraction like 3/12, greater than 0 and at most 1")]
    [InlineData("af_cutoff=3/0", "af_cutoff must be a decimal or a fraction like 3/12, greater than 0 and at most 1")]
    [InlineData("af_cutoff=-0.25", "af_cutoff must be a decimal or a fraction like 3/12, greater than 0 and at most 1")]
    [InlineData("af_weighting=flat", "af_weighting must be one of equal, nested, custom")]
    [InlineData("newly_escaped_years=2.5", "newly_escaped_years must be a whole number from 0 to 100000")]
    [InlineData("small_cell_households=-1", "small_cell_households must be a whole number from 0 to 100000")]
    [InlineData("af_weight.water=-1", "af_weight.water must be a decimal number from 0 to 1000")]
    [InlineData("af_weight.water=1/2", "af_weight.water must be a decimal number from 0 to 1000")]
    [InlineData("af_weight=1", "NAME one of newly_escaped_years, small_cell_households, af_cutoff, af_weighting, priority_weight_poor_rate, priority_weight_expected_rate, priority_weight_re_poor, priority_weight_m0, priority_weight_uncovered, af_weight.INDICATOR")]
    [InlineData("af_cutoff", "write NAME=VALUE")]
    public void Should_refuse_a_value_against_its_rule_and_say_the_rule(string assignment, string message)
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);
        var run = CliRun.Of("settings", "--mart", mart, "--set", assignment, "--lang", "en");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(message);
    }

    [Theory]
    [InlineData("af_cutoff=0", "af_cutoff phải là một số thập phân (dấu chấm) hoặc một phân số như 3/12, lớn hơn 0 và không quá 1")]
    [InlineData("af_weighting=flat", "af_weighting phải là một trong equal, nested, custom")]
    [InlineData("small_cell_households=-1", "small_cell_households phải là một số nguyên từ 0 đến 100000")]
    [InlineData("af_cutoff", "hãy viết TÊN=GIÁ_TRỊ")]
    public void Should_say_the_rule_in_vietnamese_by_default(string assignment, string message)
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("settings", "--mart", Migrated(folder), "--set", assignment);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(message);
    }

    [Fact]
    public void Should_accept_the_weighting_words_in_any_case_and_store_them_lower_case()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("settings", "--mart", Migrated(folder), "--set", "af_weighting=Nested", "--format", "csv");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("af_weighting,nested,");
    }

    [Fact]
    public void Should_store_custom_weights_per_indicator_and_show_them_with_the_settings()
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);
        var run = CliRun.Of("settings", "--mart", mart, "--set", "af_weight.water=2", "--set", "af_weight.telecom=0.5",
            "--set", "af_weighting=custom", "--format", "csv");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("af_weight.water,2.0,");
        run.Out.ShouldContain("af_weight.telecom,0.5,");
        // Normalised over the 12 indicators of Decree 07: 10 × 1 + 2 + 0.5 = 12.5.
        var weight = CliRun.Of("query", "--mart", mart, "--format", "csv",
            "SELECT weight FROM v_af_weight WHERE in_use AND standard_id = 'ND07_2021' AND indicator_code = 'water'");
        weight.Out.ShouldBe("weight\n0.16\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Should_refuse_an_unknown_indicator_and_weights_that_leave_a_standard_with_none_changing_nothing()
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);
        var unknown = CliRun.Of("settings", "--mart", mart, "--set", "af_weight.internet=1");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("không có chỉ số 'internet'; các chỉ số là employment, dependents,");

        string[] decree07 = ["employment", "dependents", "nutrition", "health_insurance", "adult_education", "child_schooling",
            "housing_quality", "housing_area", "water", "sanitation", "telecom", "information_means"];
        var zeros = decree07.SelectMany(c => new[] { "--set", $"af_weight.{c}=0" });
        var run = CliRun.Of(["settings", "--mart", mart, "--set", "af_cutoff=1/2", .. zeros]);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("mọi chỉ số của ND07_2021 sẽ có trọng số 0");
        var after = CliRun.Of("settings", "--mart", mart, "--format", "csv").Out;
        after.ShouldContain("af_cutoff,0.25,");
        after.ShouldNotContain("af_weight.");
    }
}
