using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Tests.Api;

public sealed class PublicMaskTests
{
    private static readonly ServeOptions Options = new()
    {
        Inbox = "/var/lib/disu/data/inbox", Archive = "/var/lib/disu/data/archive", Quarantine = "/var/lib/disu/data/quarantine", Outbox = "data/outbox",
        Keys = [new ApiKeyOptions("k", ApiKeyOptions.Hash("x"), Role.Leader, "MOI")],
    };

    private static readonly PublicMask Mask = new("/var/lib/disu/data/disu.duckdb", Options);

    [Theory]
    [InlineData("Cannot open the mart '/var/lib/disu/data/disu.duckdb': IO Error", "Cannot open the mart '[mart]': IO Error")]
    [InlineData("forecast not refreshed: the model folder cannot be written (Access to the path '/var/lib/disu/data/disu.models/m.zip' is denied.)",
        "forecast not refreshed: the model folder cannot be written (Access to the path '[models]/m.zip' is denied.)")]
    [InlineData("households.csv was loaded but could not be moved out of the inbox (Could not find a part of the path '/var/lib/disu/data/archive/2025-01/x.csv'.)",
        "households.csv was loaded but could not be moved out of the inbox (Could not find a part of the path '[archive]/2025-01/x.csv'.)")]
    [InlineData("DISU briefing: the outbox 'data/outbox' cannot be written (disk full)", "[ward] briefing: the outbox '[outbox]' cannot be written (disk full)")]
    [InlineData("reports owed since the outbox failed: 0 report files written for DISU, NHAN", "reports owed since the outbox failed: 0 report files written for [ward], [ward]")]
    [InlineData("ho_ngheo_disu_2025.csv refused; MOI has none; DISUX stays", "ho_ngheo_[ward]_2025.csv refused; [ward] has none; DISUX stays")]
    [InlineData("could not write /srv/other/place/file.tmp nor C:\\disu\\x.csv", "could not write [path] nor [path]")]
    [InlineData("run the report jobs (POST /api/jobs/{name}/run), see GET /health; years 2024/2025", "run the report jobs (POST /api/jobs/{name}/run), see GET /health; years 2024/2025")]
    public void Should_mask_paths_and_ward_codes_and_keep_the_rest(string message, string shown) =>
        Mask.Apply(message, ["DISU", "NHAN"]).ShouldBe(shown);

    [Fact]
    public void Should_mask_the_temp_folder() =>
        Mask.Apply($"cannot create {Path.Combine(Path.GetTempPath(), "disu-report-1")}", []).ShouldBe("cannot create [temp]/disu-report-1");
}
