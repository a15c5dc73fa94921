using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The Dữ liệu page over plain HTTP, on the two-ward mart: the upload form goes through the API's
/// intake (its checks, its audit line with the person), and a person sees only the loads and
/// rejects their ward may see, whatever the address says.
/// </summary>
public sealed partial class DataPageTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    private TestService Service => fixture.Service;

    [Fact]
    public async Task An_upload_through_the_form_is_loaded_with_the_person_as_sender_and_audited_with_user_id()
    {
        var session = fixture.Sessions["officer"];
        // A household of its own: a file whose content was loaded before is skipped, not loaded again.
        var csv = SnapshotCsv.Write(Service.Folder.File("form_2025.csv"), FileApiTests.Rows("DISU", 2025).Append(new SnapshotRow("DISU-601", 2025).NotPoor()));

        using var response = await PostForm(session, csv);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith("/du-lieu?tai-len=");
        var page = await session.Client.GetStringAsync(location);
        page.ShouldContain("Đã nhận tệp <strong>form_2025.csv</strong>");
        (await FileApiTests.Archived(Service, "form_2025.csv")).ShouldBeTrue("the inbox job loads the form's upload as it loads the API's");

        var load = Read(c => c.ReadSingle<Ledger>("SELECT load_id, loaded_by, rows_loaded FROM etl_load WHERE file_name = 'form_2025.csv'"));
        load.LoadedBy.ShouldBe("user=web.officer");
        load.RowsLoaded.ShouldBe(11);
        Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": POST /du-lieu/tai-len user=web.officer ", StringComparison.Ordinal)
            && l.Contains("outcome=queued status=202", StringComparison.Ordinal) && l.Contains("file=form_2025.csv", StringComparison.Ordinal));

        var listed = await session.Client.GetStringAsync("/du-lieu");
        listed.ShouldContain("<th scope=\"row\">form_2025.csv</th>");
        listed.ShouldContain("<td>web.officer</td>", customMessage: "who sent it");

        // The notice is the sender's only: another person with the same address sees none.
        var other = await fixture.Sessions["admin"].Client.GetStringAsync(location);
        other.ShouldNotContain("Đã nhận tệp");
    }

    [Fact]
    public async Task A_form_without_the_pages_token_stores_nothing_and_says_so_in_Vietnamese()
    {
        var session = fixture.Sessions["officer"];
        var csv = SnapshotCsv.Write(Service.Folder.File("forged.csv"), FileApiTests.Rows("DISU", 2025));

        using (var forged = await PostForm(session, csv, token: "không phải mã"))
        {
            forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await forged.Content.ReadAsStringAsync()).ShouldContain("Biểu mẫu không hợp lệ");
        }
        using (var late = await PostForm(session, csv, tokenAfterFile: true))
            late.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the file is not read before the token");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
        Service.Logs.Lines.ShouldContain(l => l.Contains("POST /du-lieu/tai-len user=web.officer ", StringComparison.Ordinal) && l.Contains("outcome=bad_form status=400", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("notes.txt", "Chỉ nhận tệp .csv và .xlsx")]
    [InlineData("households_2025.csv", "Có dòng của phường, xã khác")]
    [InlineData("bomb.xlsx", "Bảng tính quá lớn khi giải nén")]
    [InlineData("empty.csv", "Tệp trống")]
    public async Task A_refused_upload_of_a_ward_officer_keeps_nothing_and_the_page_says_why_in_Vietnamese(string name, string title)
    {
        using var scratch = new TempFolder();
        var path = name switch
        {
            "notes.txt" => Write(scratch.File(name), "ghi chú"),
            "empty.csv" => Write(scratch.File(name), ""),
            "bomb.xlsx" => HostileWorkbooks.Write("thousands of entries", scratch).Path,
            _ => SnapshotCsv.Write(scratch.File(name), FileApiTests.Rows("DISU", 2025).Append(new SnapshotRow("NHAN-900", 2025).InWard("NHAN", "Phường Nhân Hòa"))),
        };
        var session = fixture.Sessions["officer@DISU"];

        using var response = await PostForm(session, path, name);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await session.Client.GetStringAsync(response.Headers.Location!.OriginalString);
        var alert = Alert().Match(page);
        alert.Success.ShouldBeTrue(page);
        alert.Value.ShouldContain(title);
        alert.Value.ShouldContain("Không có gì của tệp được giữ lại");
        if (name == "households_2025.csv") alert.Value.ShouldContain("Tài khoản này chỉ được tải lên dòng của phường, xã DISU; &#x27;households_2025.csv&#x27; có dòng của phường, xã NHAN.");
        alert.Value.ShouldNotContain("NHAN-900", customMessage: "no household of the file in the answer");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../../x.csv")]
    [InlineData("..\\..\\x.csv")]
    public async Task A_name_with_folders_is_stored_by_its_last_part_inside_the_inbox(string name)
    {
        var csv = SnapshotCsv.Write(Service.Folder.File("x-source.csv"), FileApiTests.Rows("DISU", 2025));
        var outside = Path.GetFullPath(Path.Combine(Service.Options.Inbox, "..", "..", "x.csv"));

        using var response = await PostForm(fixture.Sessions["officer@DISU"], csv, name);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await fixture.Sessions["officer@DISU"].Client.GetStringAsync(response.Headers.Location!.OriginalString);
        page.ShouldContain("Đã nhận tệp <strong>x.csv</strong>");
        File.Exists(outside).ShouldBeFalse();
        (await Poll.Within(() => !FileApiTests.InboxEntries(Service).Any())).ShouldBeTrue("loaded from the inbox, not from beside it");
    }

    [Fact]
    public async Task A_leader_may_neither_open_the_page_nor_post_its_form()
    {
        var leader = fixture.Sessions["leader"];
        (await leader.Client.GetAsync("/du-lieu")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var csv = SnapshotCsv.Write(Service.Folder.File("leader.csv"), FileApiTests.Rows("DISU", 2025));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(csv)), "file", "leader.csv" } };
        (await leader.Client.PostAsync(DataEndpoints.UploadPath, form)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await leader.Client.GetAsync(DataEndpoints.RejectsCsvPath + "?lan-nap=1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/du-lieu?lan-nap=1", 404)]
    [InlineData("/du-lieu?lan-nap=2", 404)]
    [InlineData("/du-lieu?lan-nap=99999", 404)]
    [InlineData("/du-lieu?lan-nap=abc", 400)]
    [InlineData("/du-lieu?lan-nap=-1", 400)]
    [InlineData("/du-lieu?trang=0", 400)]
    [InlineData("/du-lieu?trang=1%20OR%201=1", 400)]
    [InlineData("/du-lieu/loi.csv?lan-nap=1", 404)]
    [InlineData("/du-lieu/loi.csv?lan-nap=1;DROP", 400)]
    public async Task A_ward_officer_gets_no_load_of_a_file_with_other_wards_rows_whatever_the_address(string path, int status)
    {
        // The seeded loads 1 and 2 are the two wards' files of 2023 and 2024.
        using var response = await fixture.Sessions["officer@DISU"].Client.GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("NHAN-");
        body.ShouldNotContain("households_2023.csv");
    }

    [Fact]
    public async Task An_officer_of_every_ward_sees_a_files_rejects_as_the_mart_holds_them_and_downloads_them_as_csv()
    {
        var bad = FileApiTests.Rows("DISU", 2025).Select((r, i) => i == 3 ? r.With("members", "bốn") : r).ToList();
        var result = Load(SnapshotCsv.Write(Service.Folder.File("bad_2025.csv"), bad));
        var session = fixture.Sessions["officer"];

        var page = await session.Client.GetStringAsync($"/du-lieu?lan-nap={result}");
        var mart = Read(c => c.Read<RejectLine>("""
            SELECT load_id, file_name AS file, row_no AS "row", column_name AS "column", value, reason FROM etl_reject WHERE load_id = ?
            ORDER BY row_no NULLS FIRST, column_name
            """, result));
        mart.ShouldNotBeEmpty();
        var table = RejectTable().Match(page);
        table.Success.ShouldBeTrue(page);
        var shown = BodyRow().Matches(table.Value)
            .Select(row => Cell().Matches(row.Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value).Trim()).ToArray()).ToList();
        shown.ShouldBe(mart.Select(r => new[] { r.File, r.Row?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—", r.Column ?? "—", r.Value ?? "—", r.Reason }).ToList());
        shown.ShouldContain(r => r[2] == "members" && r[3] == "bốn", "the bad row's column and value");

        using var csv = await session.Client.GetAsync($"{DataEndpoints.RejectsCsvPath}?lan-nap={result}");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').TrimEnd('\n').Split('\n');
        lines[0].ShouldBe("load_id,file,row,column,value,reason");
        lines.Length.ShouldBe(mart.Count + 1);
        lines[1].ShouldStartWith($"{result},bad_2025.csv,{mart[0].Row},{mart[0].Column},{mart[0].Value},");

        using var xlsx = await session.Client.GetAsync($"{DataEndpoints.RejectsXlsxPath}?lan-nap={result}");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var scratch = new TempFolder();
        var path = scratch.File("loi.xlsx");
        await File.WriteAllBytesAsync(path, await xlsx.Content.ReadAsByteArrayAsync());
        var sheet = XlsxCells.Read(path).Single();
        sheet.Headers.Values.ShouldBe(["Lần nạp", "Tệp", "Dòng", "Cột", "Giá trị", "Lý do"]);
        sheet.Column("Dòng").Select(c => (long)c.Number).ShouldBe(mart.Select(r => r.Row!.Value));
        sheet.Column("Giá trị").Select(c => c.Text).ShouldBe(mart.Select(r => r.Value!));
        sheet.Column("Lý do").Select(c => c.Text).ShouldBe(mart.Select(r => r.Reason));
        Service.Logs.Lines.ShouldContain(l => l.Contains($"GET /du-lieu/loi.xlsx user=web.officer ", StringComparison.Ordinal) && l.Contains($"file=loi-lan-nap-{result}.xlsx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ward_officer_sees_their_own_file_whose_every_row_was_rejected_though_it_names_no_ward()
    {
        var session = fixture.Sessions["officer@DISU"];
        var csv = SnapshotCsv.Write(Service.Folder.File("all_bad.csv"), FileApiTests.Rows("DISU", 2025).Select(r => r.With("members", "bốn")));

        using (var response = await PostForm(session, csv))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var notice = await session.Client.GetStringAsync(response.Headers.Location!.OriginalString);
            notice.ShouldContain("Đã nhận tệp <strong>all_bad.csv</strong>", customMessage: Alert().Match(notice).Value);
        }
        (await Poll.Within(() => Read(c => c.Scalar<long>("SELECT count(*) FROM etl_load WHERE file_name = 'all_bad.csv'")) == 1)).ShouldBeTrue();
        var load = Read(c => c.ReadSingle<Ledger>("SELECT load_id, loaded_by, rows_loaded FROM etl_load WHERE file_name = 'all_bad.csv' AND ward_years IS NULL"));
        load.LoadedBy.ShouldBe("user=web.officer.disu");
        load.RowsLoaded.ShouldBe(0);

        var page = Regex.Replace(await session.Client.GetStringAsync($"/du-lieu?lan-nap={load.LoadId}"), @">\s+<", "><");
        page.ShouldContain("<th scope=\"row\">all_bad.csv</th>");
        page.ShouldContain("<td>members</td><td>bốn</td>");
        // The ward's sandbox alone would not show it: its loaded rows name no ward.
        using var sandbox = await QueryApiTests.Query(Service.Client("officer@DISU"), $"SELECT count(*) AS n FROM etl_load WHERE load_id = {load.LoadId}");
        sandbox.StatusCode.ShouldBe(HttpStatusCode.OK, await sandbox.Content.ReadAsStringAsync());
        (await sandbox.Json()).Rows().Single()[0].GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task The_page_polls_the_inbox_while_a_file_waits_and_has_htmx_reload_it_when_all_is_loaded()
    {
        var session = fixture.Sessions["officer"];
        using (var idle = await session.Client.GetAsync(DataEndpoints.ProgressPath))
        {
            idle.StatusCode.ShouldBe(HttpStatusCode.OK);
            idle.Headers.GetValues("HX-Refresh").Single().ShouldBe("true");
        }
        (await session.Client.GetStringAsync("/du-lieu")).ShouldNotContain("id=\"tien-do\"");

        // A file copied into the inbox (schedules are off in tests: it waits until the test takes it away).
        var waiting = Path.Combine(Service.Options.Inbox, "cho_nap.csv");
        Directory.CreateDirectory(Service.Options.Inbox);
        await File.WriteAllTextAsync(waiting, "ward_code\n");
        try
        {
            var page = await session.Client.GetStringAsync("/du-lieu");
            page.ShouldContain($"<p id=\"tien-do\" class=\"progress\" role=\"status\" hx-get=\"{DataEndpoints.ProgressPath}\" hx-trigger=\"every 2s\" hx-swap=\"outerHTML\">1 tệp đang chờ nạp trong hộp thư đến…</p>");
            page.ShouldContain("<script src=\"/vendor/htmx/htmx.min.js\" defer></script>");
            using var busy = await session.Client.GetAsync(DataEndpoints.ProgressPath);
            busy.Headers.Contains("HX-Refresh").ShouldBeFalse();
            (await busy.Content.ReadAsStringAsync()).ShouldContain("hx-trigger=\"every 2s\"");
        }
        finally
        {
            File.Delete(waiting);
        }
        using var htmx = await session.Client.GetAsync("/vendor/htmx/htmx.min.js");
        htmx.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private long Load(string csv)
    {
        var gate = Service.Services.GetRequiredService<MartGate>();
        return gate.Write(c => new DiSu.Analytics.Etl.EtlRunner(c, TimeProvider.System, "tests").LoadFile(csv).LoadId!.Value);
    }

    private T Read<T>(Func<DuckDB.NET.Data.DuckDBConnection, T> work) => Service.Services.GetRequiredService<MartGate>().Read(work);

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Posts the page's form as a browser does: the token field first, then the file.</summary>
    internal static async Task<HttpResponseMessage> PostForm(WebSession session, string path, string? name = null, string? token = null, bool tokenAfterFile = false)
    {
        // The upload form's own token (the sign-out form in the header has one too).
        token ??= WebUtility.HtmlDecode(FormToken().Matches(await session.Client.GetStringAsync("/du-lieu"))[^1].Groups[1].Value);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (!tokenAfterFile) form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(file, "file", name ?? Path.GetFileName(path));
        if (tokenAfterFile) form.Add(new StringContent(token), "__RequestVerificationToken");
        return await session.Client.PostAsync(DataEndpoints.UploadPath, form);
    }

    private sealed record Ledger
    {
        public long LoadId { get; init; }
        public required string LoadedBy { get; init; }
        public long RowsLoaded { get; init; }
    }

    [GeneratedRegex("<table class=\"figures reject-table\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex RejectTable();

    [GeneratedRegex("<tr>\\s*<td.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex BodyRow();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<div class=\"alert\" role=\"alert\">.*?</div>", RegexOptions.Singleline)]
    private static partial Regex Alert();
}
