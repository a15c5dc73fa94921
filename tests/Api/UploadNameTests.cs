using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

/// <summary>Upload names with characters that are not seen but change what is seen are refused, not stored as they are.</summary>
public sealed class UploadNameTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Theory]
    [InlineData(0x202E, "text-direction")] // RIGHT-TO-LEFT OVERRIDE: "hộ\u202Evsc.xlsx" shows as "hộxslx.csv"
    [InlineData(0x202A, "text-direction")]
    [InlineData(0x202D, "text-direction")]
    [InlineData(0x2066, "text-direction")]
    [InlineData(0x2069, "text-direction")]
    [InlineData(0x200E, "text-direction")]
    [InlineData(0x200F, "text-direction")]
    [InlineData(0x061C, "text-direction")]
    [InlineData(0x200B, "invisible formatting")] // ZERO WIDTH SPACE
    [InlineData(0xFEFF, "invisible formatting")] // BYTE ORDER MARK
    [InlineData(0x00AD, "invisible formatting")] // SOFT HYPHEN
    [InlineData(0x0007, "control")]
    [InlineData(0x0085, "control")]
    [InlineData(0x2028, "line separator")]
    public async Task Should_refuse_a_name_with_an_unseen_character_with_400_and_its_code(int code, string kind)
    {
        var name = "households_2025" + char.ConvertFromUtf32(code) + "vsc.xlsx";
        var path = FileApiTests.Households(fixture.Service, "names.csv", "DISU", 2025);

        foreach (var send in new Func<HttpClient, Task<HttpResponseMessage>>[] { c => Raw(c, path, name), c => Form(c, path, name) })
        {
            using var response = await send(fixture.Service.Client("officer"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var detail = await FileApiTests.Problem(response);
            detail.ShouldContain(kind);
            detail.ShouldContain($"U+{code:X4}");
            detail.ShouldNotContain(char.ConvertFromUtf32(code), Case.Sensitive);
            var vi = await FileApiTests.ProblemVi(response);
            vi.ShouldStartWith("Tên tệp chứa ");
            vi.ShouldContain($"U+{code:X4}");
        }
        FileApiTests.InboxEntries(fixture.Service).ShouldBeEmpty();
    }

    [Fact]
    public void Should_refuse_a_name_with_half_a_surrogate_pair()
    {
        // Over HTTP broken UTF-8 arrives as U+FFFD, a seen character; broken UTF-16 can only come from code.
        var (name, problem) = DiSu.Analytics.Service.Api.FileEndpoints.SafeName("households_2025\uD800.csv");

        name.ShouldBeNull();
        problem.ShouldNotBeNull().En.ShouldContain("half of a UTF-16 surrogate pair");
        problem.Vi.ShouldContain("nửa cặp thay thế UTF-16");
    }

    [Fact]
    public async Task Should_keep_a_vietnamese_name_with_its_tone_marks_composed_or_not()
    {
        await using var service = await TestService.Start();
        var path = FileApiTests.Households(service, "names.csv", "DISU", 2025);
        // "hộ nghèo" decomposed: base letters and combining marks (Mn), which are seen.
        var decomposed = "hộ nghèo 2025.csv".Normalize(System.Text.NormalizationForm.FormD);

        using var response = await Form(service.Client("officer"), path, decomposed);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("file").GetString().ShouldBe("hộ nghèo 2025.csv");
    }

    private static async Task<HttpResponseMessage> Raw(HttpClient client, string path, string name)
    {
        using (client)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return await client.PostAsync("/api/files?name=" + Uri.EscapeDataString(name), content);
        }
    }

    /// <summary>A form whose file name travels as RFC 5987 filename* (percent-encoded UTF-8), as browsers send names that are not ASCII.</summary>
    private static async Task<HttpResponseMessage> Form(HttpClient client, string path, string name)
    {
        using (client)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = name };
            form.Add(file);
            return await client.PostAsync("/api/files", form);
        }
    }
}
