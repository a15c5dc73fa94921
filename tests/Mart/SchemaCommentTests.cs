using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Schema;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>The mart describes every public table, view and column in English and Vietnamese through COMMENT ON.</summary>
public sealed class SchemaCommentTests
{
    [Fact]
    public void Should_describe_every_public_object_and_column_in_both_languages()
    {
        using var mart = new TestMart();
        var objects = SchemaCatalog.Read(mart.Connection);
        objects.Select(o => o.Name).ShouldContain("v_group_year");
        objects.Select(o => o.Name).ShouldContain("dim_indicator_program");
        var missing = objects.Where(o => o.English.Length == 0 || o.Vietnamese.Length == 0).Select(o => o.Name)
            .Concat(objects.SelectMany(o => o.Columns.Where(c => c.English.Length == 0 || c.Vietnamese.Length == 0).Select(c => $"{o.Name}.{c.Name}")))
            .ToList();
        missing.ShouldBeEmpty("add them to mart/Schema/schema-comments.json");
    }

    [Fact]
    public void Should_show_the_comments_in_duckdb_catalog_functions()
    {
        using var mart = new TestMart();
        mart.Scalar<string>("SELECT comment FROM duckdb_views() WHERE view_name = 'v_group_year'")
            .ShouldStartWith("One row per residential group × review year");
        mart.Scalar<string>("SELECT comment FROM duckdb_tables() WHERE table_name = 'dim_standard'")!.ShouldContain(SchemaComments.Separator);
        SchemaComments.Decode(mart.Scalar<string>("SELECT comment FROM duckdb_columns() WHERE table_name = 'v_group_year' AND column_name = 're_poor'"))
            .ShouldBe(("Transition `re_poor` (tái nghèo).", "Biến động `re_poor` (tái nghèo)."));
    }

    [Fact]
    public void Should_split_a_comment_into_english_and_vietnamese_and_treat_one_without_separator_as_english_only()
    {
        SchemaComments.Decode(SchemaComments.Encode("Poor households.", "Số hộ nghèo.")).ShouldBe(("Poor households.", "Số hộ nghèo."));
        SchemaComments.Decode("Poor households.").ShouldBe(("Poor households.", ""));
        SchemaComments.Decode(null).ShouldBe(("", ""));
    }

    [Fact]
    public void Should_keep_the_comments_when_the_mart_is_opened_again_read_only()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        DiSu.Analytics.Mart.Mart.OpenReadWrite(path).Dispose();
        using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
        var ward = SchemaCatalog.Read(reader).Single(o => o.Name == "v_ward_year");
        ward.Vietnamese.ShouldStartWith("Mỗi dòng là một xã × năm rà soát");
        ward.Columns.ShouldAllBe(c => c.English.Length > 0 && c.Vietnamese.Length > 0);
    }

    [Fact]
    public void Should_apply_the_comments_again_on_the_next_write_open_after_a_view_is_replaced()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        using (var writer = DiSu.Analytics.Mart.Mart.OpenReadWrite(path))
        {
            var sql = writer.Scalar<string>("SELECT sql FROM duckdb_views() WHERE view_name = 'v_af_weight'")!;
            writer.Execute(sql.Replace("CREATE VIEW", "CREATE OR REPLACE VIEW", StringComparison.Ordinal));
            // What a later migration redefining the view does: DuckDB drops the view's comments.
            writer.Scalar<string>("SELECT comment FROM duckdb_views() WHERE view_name = 'v_af_weight'").ShouldBeNull();
            writer.Scalar<long>("SELECT count(comment) FROM duckdb_columns() WHERE table_name = 'v_af_weight'").ShouldBe(0);
        }
        using (DiSu.Analytics.Mart.Mart.OpenReadWrite(path)) { }
        using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
        var weight = SchemaCatalog.Read(reader).Single(o => o.Name == "v_af_weight");
        weight.English.ShouldStartWith("One row per standard × weighting");
        weight.Columns.ShouldAllBe(c => c.English.Length > 0 && c.Vietnamese.Length > 0);
    }

    [Fact]
    public void Should_write_nothing_when_the_comments_are_already_in_place()
    {
        using var mart = new TestMart();
        var before = mart.Scalar<long>("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL");
        SchemaComments.Apply(mart.Connection);
        mart.Scalar<long>("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL").ShouldBe(before);
        SchemaComments.File.Sum(o => o.Columns.Count).ShouldBe((int)before);
    }

    [Fact]
    public void Should_print_the_columns_of_one_view_with_types_and_both_descriptions_as_json()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        DiSu.Analytics.Mart.Mart.OpenReadWrite(path).Dispose();
        var run = CliRun.Of("schema", "v_group_year", "--mart", path, "--format", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("name").GetString().ShouldBe("v_group_year");
        json.RootElement.GetProperty("kind").GetString().ShouldBe("view");
        var columns = json.RootElement.GetProperty("columns").EnumerateArray().ToList();
        columns[0].GetProperty("name").GetString().ShouldBe("review_year");
        columns[0].GetProperty("type").GetString().ShouldBe("INTEGER");
        var poorRate = columns.Single(c => c.GetProperty("name").GetString() == "poor_rate");
        poorRate.GetProperty("type").GetString().ShouldBe("DOUBLE");
        poorRate.GetProperty("en").GetString().ShouldBe("100 × poor / households (percent).");
        poorRate.GetProperty("vi").GetString().ShouldBe("100 × poor / households (tỷ lệ hộ nghèo, %).");
        columns.ShouldAllBe(c => c.GetProperty("en").GetString()!.Length > 0 && c.GetProperty("vi").GetString()!.Length > 0);
    }

    [Fact]
    public void Should_print_exactly_the_generated_block_of_docs_mart_md_as_markdown()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        DiSu.Analytics.Mart.Mart.OpenReadWrite(path).Dispose();
        var run = CliRun.Of("schema", "dim_status", "--mart", path);
        run.ExitCode.ShouldBe(0, run.Error);
        var docs = File.ReadAllText(DiSu.Analytics.Tests.Docs.MartDocsTests.RepoFile("docs/mart.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        docs.ShouldContain(run.Out);
        run.Out.ShouldStartWith(SchemaCatalog.BeginMarker("dim_status") + "\n### dim_status\n");
    }

    [Fact]
    public void Should_refuse_an_unknown_name_with_exit_code_2_and_list_the_public_objects()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        DiSu.Analytics.Mart.Mart.OpenReadWrite(path).Dispose();
        var run = CliRun.Of("schema", "v_nothing", "--mart", path);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("v_nothing");
        run.Error.ShouldContain("v_group_year");
        run.Error.ShouldContain("schema_version");
    }

    [Fact]
    public void Should_refuse_to_regenerate_a_document_that_lacks_a_block_for_a_public_object()
    {
        using var mart = new TestMart();
        var error = Should.Throw<MartException>(() => SchemaCatalog.Regenerate("# Doc\n", SchemaCatalog.Read(mart.Connection)));
        error.Message.ShouldContain("v_group_year");
    }
}
