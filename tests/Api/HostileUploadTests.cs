using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Tests.Support;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Api;

/// <summary>POST /api/files with hostile workbooks: a 4xx with the reason at once, never a 500 or minutes of work, and nothing queued.</summary>
public sealed class HostileUploadTests(ServiceFixture fixture, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    private TestService Service => fixture.Service;

    [Theory]
    [MemberData(nameof(HostileWorkbooks.Names), MemberType = typeof(HostileWorkbooks))]
    public async Task Should_answer_a_ward_officer_400_or_413_with_the_reason_and_queue_nothing(string name)
    {
        using var scratch = new TempFolder();
        var workbook = HostileWorkbooks.Write(name, scratch);

        var (response, elapsed) = await Timed(Service.Client("officer@DISU"), workbook.Path);

        using (response)
        {
            output.WriteLine($"{name}: {(int)response.StatusCode} in {elapsed.TotalMilliseconds:0} ms (upload of {new FileInfo(workbook.Path).Length / 1024} KiB included)");
            response.StatusCode.ShouldBe(workbook.Refusal == Refusal.TooLarge ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest);
            var detail = await FileApiTests.Problem(response);
            detail.ShouldContain(workbook.Reason, Case.Insensitive);
            detail.ShouldStartWith($"'households_2025.xlsx' was not queued: ");
            detail.ShouldNotContain("root:", Case.Sensitive);
            // Refused for what it is by the cheap structural check, not by the guard's clock running out.
            detail.ShouldNotContain("took longer than");
        }
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_answer_an_officer_of_every_ward_413_for_the_reported_bomb_too()
    {
        using var scratch = new TempFolder();
        var bomb = HostileWorkbooks.Write("15 MB expanding to 3 GB", scratch);
        new FileInfo(bomb.Path).Length.ShouldBeInRange(12L << 20, 18L << 20);

        var (response, elapsed) = await Timed(Service.Client("officer"), bomb.Path);

        using (response)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            var detail = await FileApiTests.Problem(response);
            detail.ShouldContain("3 GiB");
            detail.ShouldNotContain("took longer than");
        }
        output.WriteLine($"15 MB bomb, unrestricted officer: {elapsed.TotalMilliseconds:0} ms");
        FileApiTests.InboxEntries(Service).ShouldBeEmpty();
    }

    [Fact]
    public async Task Should_still_queue_a_sound_workbook_of_the_officers_own_ward()
    {
        await using var own = await TestService.Start();
        var path = HostileWorkbooks.Sound(own.Folder.File("households_2025.xlsx"), 10);

        using var response = await FileApiTests.Upload(own.Client("officer@DISU"), path);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await FileApiTests.Archived(own, "households_2025.xlsx")).ShouldBeTrue();
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> Timed(HttpClient client, string path)
    {
        using (client)
        {
            // Without the guard the check ran for minutes: give up long before, as a caller would.
            client.Timeout = TimeSpan.FromSeconds(20);
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            form.Add(file, "file", "households_2025.xlsx");
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsync("/api/files", form);
            return (response, watch.Elapsed);
        }
    }
}
