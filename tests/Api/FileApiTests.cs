using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Api;

public sealed class FileApiTests
{
    [Fact]
    public async Task Should_queue_a_valid_csv_and_load_it_into_the_mart()
    {
        await using var service = await TestService.Start();
        var csv = Households(service, "households_2025.csv", "DISU", 2025);

        using var response = await Upload(service.Client("officer"), csv);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("file").GetString().ShouldBe("households_2025.csv");
        body.RootElement.GetProperty("bytes").GetInt64().ShouldBe(new FileInfo(csv).Length);
        body.RootElement.GetProperty("sha256").GetString().ShouldBe(Sha256(csv));
        body.RootElement.GetProperty("message").GetString()!.ShouldContain("GET /api/jobs");
        (await Archived(service, "households_2025.csv")).ShouldBeTrue("the inbox job should load and archive the upload within 30 s");
        HouseholdsIn(service, 2025).ShouldBe(10);
        InboxEntries(service).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/octet-stream")]
    [InlineData("application/x-www-form-urlencoded")] // what curl --data-binary sends
    public async Task Should_take_the_raw_file_as_the_body_with_its_name_in_the_query(string contentType)
    {
        await using var service = await TestService.Start();
        var csv = Households(service, "raw.csv", "DISU", 2025);
        using var client = service.Client("officer");
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await client.PostAsync("/api/files?name=households_2025.csv", content);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Archived(service, "households_2025.csv")).ShouldBeTrue();
        HouseholdsIn(service, 2025).ShouldBe(10);
    }

    [Fact]
    public async Task Should_refuse_a_file_over_the_upload_limit_with_413_and_leave_nothing_in_the_inbox()
    {
        await using var service = await TestService.Start(configure: o => o with { UploadLimitMb = 1 });
        using var client = service.Client("officer");
        var big = new byte[1024 * 1024 + 10];

        using (var declared = new ByteArrayContent(big))
        using (var response = await client.PostAsync("/api/files?name=big.csv", declared))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            (await Problem(response)).ShouldContain("1 MiB");
        }
        // No declared size: the service counts while it streams.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/files?name=big.csv") { Content = new StreamContent(new UnseekableStream(big)) })
        {
            request.Headers.TransferEncodingChunked = true;
            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        }
        var path = service.Folder.File("big.csv");
        await File.WriteAllBytesAsync(path, big);
        using (var response = await Upload(client, path))
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        InboxEntries(service).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../evil.csv")]
    [InlineData("..\\..\\evil.csv")]
    [InlineData("/etc/evil.csv")]
    [InlineData(".evil.csv")]
    public async Task Should_store_a_name_with_a_folder_part_inside_the_inbox(string name)
    {
        await using var service = await TestService.Start();
        // The file sits where "../evil.csv" would land if the name were taken as a path.
        var csv = Households(service, "evil.csv", "DISU", 2025);
        var outside = service.Folder.File("evil.csv");

        using var response = await Upload(service.Client("officer"), csv, name);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("file").GetString().ShouldBe("evil.csv");
        (await Archived(service, "evil.csv")).ShouldBeTrue();
        File.ReadAllBytes(outside).ShouldBe(File.ReadAllBytes(csv), "the file outside the inbox must be untouched");
    }

    [Fact]
    public async Task Should_add_a_number_to_a_name_already_taken_in_the_inbox()
    {
        await using var service = await TestService.Start();
        // A folder of that name holds the name; the inbox loads files only, so it stays put.
        Directory.CreateDirectory(Path.Combine(service.Options.Inbox, "households_2025.csv"));
        var csv = Households(service, "households_2025.csv", "DISU", 2025);

        using var response = await Upload(service.Client("officer"), csv);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("file").GetString().ShouldBe("households_2025-2.csv");
        (await Archived(service, "households_2025-2.csv")).ShouldBeTrue();
    }

    [Fact]
    public async Task Should_let_a_ward_restricted_officer_upload_rows_of_its_own_ward()
    {
        await using var service = await TestService.Start();
        var csv = Households(service, "households_2025.csv", "DISU", 2025, ';', vietnamese: true, bom: true);

        using var response = await Upload(service.Client("officer@DISU"), csv);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Archived(service, "households_2025.csv")).ShouldBeTrue();
        HouseholdsIn(service, 2025).ShouldBe(10);
    }

    internal static IEnumerable<SnapshotRow> Rows(string ward, int year) =>
        Enumerable.Range(0, 10).Select(i =>
        {
            var row = new SnapshotRow($"{ward}-{500 + i:D3}", year);
            row = ward == "DISU" ? row : row.InWard(ward, "Phường Nhân Hòa").InGroup("TDP09", "Tổ dân phố Nhân Hòa");
            return i % 3 == 0 ? row.Poor() : row.NotPoor();
        });

    internal static string Households(TestService service, string name, string ward, int year, char delimiter = ',', bool vietnamese = false, bool bom = false) =>
        SnapshotCsv.Write(service.Folder.File(name), Rows(ward, year), delimiter, vietnamese, bom);

    internal static async Task<HttpResponseMessage> Upload(HttpClient client, string path, string? name = null)
    {
        using (client)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", name ?? Path.GetFileName(path));
            return await client.PostAsync("/api/files", form);
        }
    }

    /// <summary>Waits (up to 30 s) for the inbox job to archive a file of that name.</summary>
    internal static Task<bool> Archived(TestService service, string name) =>
        Poll.Within(() => Directory.Exists(service.Options.Archive) &&
            Directory.EnumerateFiles(service.Options.Archive, "*", SearchOption.AllDirectories).Any(f => f.EndsWith("-" + name, StringComparison.Ordinal)));

    private static long HouseholdsIn(TestService service, int year) =>
        service.Services.GetRequiredService<MartGate>().Read(c => c.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE review_year = ?", year));

    internal static IEnumerable<string> InboxEntries(TestService service) =>
        Directory.Exists(service.Options.Inbox) ? Directory.EnumerateFileSystemEntries(service.Options.Inbox).ToList() : [];

    /// <summary>The problem's detail in English (detail_en, what tools read); <see cref="ProblemVi"/> gives what a person reads.</summary>
    internal static async Task<string> Problem(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("detail_en").GetString()!;
    }

    /// <summary>The problem's detail in Vietnamese (detail).</summary>
    internal static async Task<string> ProblemVi(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("detail").GetString()!;
    }

    private static string Sha256(string path) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>
/// Uploads the service refuses: nothing reaches the inbox or the mart, so one service serves the
/// class (the uploads it takes, and loads, each have their own in <see cref="FileApiTests"/>).
/// </summary>
public sealed class FileRefusalTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private TestService Service => fixture.Service;

    [Fact]
    public async Task Should_refuse_a_file_that_is_not_csv_or_xlsx_with_415()
    {
        var path = Service.Folder.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello");

        using var response = await FileApiTests.Upload(Service.Client("officer"), path);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await FileApiTests.Problem(response)).ShouldContain(".csv");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(',', false, false)]
    [InlineData(';', true, true)]
    public async Task Should_refuse_a_ward_restricted_officer_a_csv_with_rows_of_another_ward(char delimiter, bool vietnamese, bool bom)
    {
        var rows = FileApiTests.Rows("DISU", 2025).Append(new SnapshotRow("NHAN-900", 2025).InWard("NHAN", "Phường Nhân Hòa")).ToList();
        var csv = SnapshotCsv.Write(Service.Folder.File("households_2025.csv"), rows, delimiter, vietnamese, bom);

        using var response = await FileApiTests.Upload(Service.Client("officer@DISU"), csv);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var detail = await FileApiTests.Problem(response);
        detail.ShouldContain("NHAN");
        detail.ShouldNotContain("NHAN-900");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_refuse_a_ward_restricted_officer_an_xlsx_of_another_ward()
    {
        var sheet = FileApiTests.Rows("NHAN", 2025).Select(r => SnapshotRow.Columns.ToDictionary(c => c, c => (object?)r.Cells[c])).ToList();
        var path = Service.Folder.File("households_2025.xlsx");
        MiniExcel.SaveAs(path, sheet);

        using var response = await FileApiTests.Upload(Service.Client("officer@DISU"), path);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_refuse_a_ward_restricted_officer_a_file_whose_ward_cannot_be_told()
    {
        var csv = SnapshotCsv.Write(Service.Folder.File("households_2025.csv"), FileApiTests.Rows("NHAN", 2025), omit: ["ward_code"]);

        using var response = await FileApiTests.Upload(Service.Client("officer@DISU"), csv);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await FileApiTests.Problem(response)).ShouldContain("ward_code");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_refuse_a_ward_restricted_officer_a_unit_change_file_that_reorganises_other_wards()
    {
        var csv = Service.Folder.File("unit_changes.csv");
        File.WriteAllText(csv, "effective_date,level,kind,old_code,new_code,new_name,parent_code\n2025-07-01,ward,merge,OTHER,DISU,Phường Dị Sử,33\n");

        using var response = await FileApiTests.Upload(Service.Client("officer@DISU"), csv);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await FileApiTests.Problem(response)).ShouldContain("a unit-change file reorganises other wards too");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_refuse_a_leader_with_403_and_a_caller_without_a_key_with_401()
    {
        var csv = FileApiTests.Households(Service, "households_2025.csv", "DISU", 2025);

        using (var response = await FileApiTests.Upload(Service.Client("leader"), csv))
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var response = await FileApiTests.Upload(Service.Client(), csv))
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_list_the_upload_in_the_openapi_document()
    {
        using var body = JsonDocument.Parse(await Service.Client().GetStringAsync("/openapi.json"));
        var post = body.RootElement.GetProperty("paths").GetProperty("/api/files").GetProperty("post");
        post.GetProperty("operationId").GetString().ShouldBe("UploadFile");
        post.GetProperty("responses").TryGetProperty("413", out _).ShouldBeTrue();
        var content = post.GetProperty("requestBody").GetProperty("content");
        content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file")
            .GetProperty("format").GetString().ShouldBe("binary");
        content.TryGetProperty("application/octet-stream", out _).ShouldBeTrue();
    }
}
