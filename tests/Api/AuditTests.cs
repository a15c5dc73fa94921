using System.Net;
using System.Security.Cryptography;
using System.Text;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

public sealed class AuditTests
{
    [Fact]
    public async Task Should_log_every_query_and_upload_with_the_key_id_and_no_household_id()
    {
        await using var service = await TestService.Start();
        using var officer = service.Client("officer");
        using var ward = service.Client("officer@DISU");
        const string ById = "SELECT * FROM v_household_year WHERE household_id = 'NHAN-007'";
        string[] queries =
        [
            ById,
            "SELECT count(*) FROM fact_household_year WHERE household_id IN ('DISU-001', E'NHAN-\\002')",
            "SELECT CAST('NHAN-003' AS INTEGER)", // refused; DuckDB's message quotes the value
            "SELECT $$NHAN-004$$, $tag$DISU-004$tag$",
            "SELECT 1 AS \"NHAN-005\" -- DISU-005",
            "SELECT /* NHAN-006 */ 1",
            "SELECT 'NHAN-008", // unterminated
        ];
        foreach (var sql in queries)
            (await QueryApiTests.Query(officer, sql)).Dispose();
        (await QueryApiTests.Query(ward, "SELECT * FROM fact_household_year WHERE household_id = 'DISU-009'")).Dispose();
        using (var upload = await FileApiTests.Upload(service.Client("officer"), FileApiTests.Households(service, "households_2025.csv", "DISU", 2025)))
            upload.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await FileApiTests.Archived(service, "households_2025.csv")).ShouldBeTrue();

        var audit = service.Logs.Lines.Where(l => l.Contains(Audit.Category + ":", StringComparison.Ordinal)).ToList();
        audit.Count(l => l.Contains("POST /api/query key=test-officer ", StringComparison.Ordinal)).ShouldBe(queries.Length);
        audit.ShouldContain(l => l.Contains("POST /api/query key=test-officer-DISU ", StringComparison.Ordinal));
        var first = audit.First(l => l.Contains("sql=SELECT * FROM v_household_year WHERE household_id = '?'", StringComparison.Ordinal));
        first.ShouldContain("outcome=ok status=200");
        first.ShouldContain($"sql_sha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ById)))} sql_length={ById.Length}");
        first.ShouldMatch(@"at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z .* elapsed_ms=\d+ rows=\d+ ");
        audit.ShouldContain(l => l.Contains("outcome=rejected status=400", StringComparison.Ordinal));
        var csv = service.Folder.File("households_2025.csv");
        audit.ShouldContain(l => l.Contains("POST /api/files key=test-officer ", StringComparison.Ordinal) && l.Contains("outcome=queued status=202", StringComparison.Ordinal)
            && l.Contains("file=households_2025.csv", StringComparison.Ordinal) && l.Contains($"bytes={new FileInfo(csv).Length}", StringComparison.Ordinal)
            && l.Contains($"sha256={Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(csv)))}", StringComparison.Ordinal));

        service.Logs.Lines.ShouldNotContain(l => l.Contains("NHAN-0", StringComparison.Ordinal) || l.Contains("DISU-0", StringComparison.Ordinal)
            || l.Contains("NHAN-\\0", StringComparison.Ordinal) || l.Contains("DISU-5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_log_refused_uploads_too()
    {
        await using var service = await TestService.Start();
        var path = service.Folder.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello");

        using (var response = await FileApiTests.Upload(service.Client("officer@DISU"), path))
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": POST /api/files key=test-officer-DISU ", StringComparison.Ordinal)
            && l.Contains("outcome=unsupported_type status=415", StringComparison.Ordinal) && l.Contains("file=notes.txt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE id = 'NHAN-007'", "SELECT * FROM t WHERE id = '?'")]
    [InlineData("SELECT 'it''s', 'b'", "SELECT '?', '?'")]
    [InlineData("SELECT E'a\\'b' AS x", "SELECT E'?' AS x")]
    [InlineData("SELECT $$x'y$$, $q$z$q$, $1", "SELECT '?', '?', $1")]
    [InlineData("SELECT \"NHAN-1\" FROM t -- NHAN-2\nWHERE 1 /* NHAN-3 */", "SELECT \"?\" FROM t --?\nWHERE 1 /*?*/")]
    [InlineData("SELECT 'open", "SELECT '?'")]
    [InlineData("SELECT name FROM t WHERE n = 12", "SELECT name FROM t WHERE n = 12")]
    public void Should_mask_literals_identifiers_and_comments_in_the_logged_sql(string sql, string masked) =>
        SqlMask.Mask(sql).ShouldBe(masked);
}
