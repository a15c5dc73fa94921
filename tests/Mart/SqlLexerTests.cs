using CsCheck;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Shell;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// One reading of SQL text: the shell's statement splitter and the audit log's mask find strings,
/// quoted names and comments the same way (both read <see cref="SqlLexer"/>), so a ';' or a secret
/// inside a literal is neither a statement's end nor logged.
/// </summary>
public sealed class SqlLexerTests
{
    [Theory]
    [InlineData("SELECT 'a;b' AS x", "SELECT '?' AS x")]
    [InlineData("SELECT E'it\\'s;' AS x", "SELECT E'?' AS x")]
    [InlineData("SELECT \"we;ird\" FROM t", "SELECT \"?\" FROM t")]
    [InlineData("SELECT $$a;b$$, $tag$c;d$tag$", "SELECT '?', '?'")]
    [InlineData("SELECT 1 -- ;note\n", "SELECT 1 --?\n")]
    [InlineData("SELECT /* ; */ 1", "SELECT /*?*/ 1")]
    [InlineData("SELECT $1, $ward", "SELECT $1, $ward")]
    public void Should_keep_a_semicolon_inside_a_literal_or_comment_in_one_statement_and_mask_that_literal(string sql, string masked)
    {
        var splitter = new StatementSplitter();
        var statements = splitter.Add(sql + ";");
        statements.Select(s => s.Sql).ShouldBe([sql.TrimEnd()]);
        SqlMask.Mask(sql).ShouldBe(masked);
    }

    [Fact]
    public void Should_tokenise_text_back_into_itself_whatever_it_holds()
    {
        string[] pieces = ["SELECT ", "'", "''", "E'", "\\'", "\"", "$$", "$t$", "$1", "--", "\n", "/*", "*/", ";", "x", " "];
        Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 30].Select(p => string.Concat(p)).Sample(sql =>
        {
            var tokens = SqlLexer.Tokens(sql).ToList();
            // Contiguous and complete: every character belongs to exactly one token.
            tokens.Sum(t => t.Length).ShouldBe(sql.Length);
            for (var i = 1; i < tokens.Count; i++) tokens[i].Start.ShouldBe(tokens[i - 1].End);
            // Only the last token can be left open by the end of the text.
            tokens.SkipLast(1).ShouldAllBe(t => t.Closed);
            // The splitter ends statements exactly at the lexer's semicolons.
            var splitter = new StatementSplitter();
            var split = splitter.Add(sql).Count;
            split.ShouldBeLessThanOrEqualTo(tokens.Count(t => t.Kind == SqlTokenKind.Semicolon));
        }, iter: 2000);
    }

    [Fact]
    public void Should_say_on_which_line_each_statement_started()
    {
        var splitter = new StatementSplitter();
        splitter.Add("-- a comment").ShouldBeEmpty();
        splitter.IsEmpty.ShouldBeTrue();
        splitter.Add("SELECT 'x;").ShouldBeEmpty();
        splitter.IsEmpty.ShouldBeFalse();
        // A comment before a statement travels with it (DuckDB skips it); the line is the statement's own.
        splitter.Add("y'; SELECT").ShouldBe([("-- a comment\nSELECT 'x;\ny'", 2)]);
        splitter.Add("2;").ShouldBe([("SELECT\n2", 3)]);
        splitter.IsEmpty.ShouldBeTrue();
    }
}
