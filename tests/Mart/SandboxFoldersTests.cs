using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// Copies of household data outside the mart (ward sandboxes, query workers' spill files) live in a
/// folder per process; a later process removes what a dead one left, and nothing of a live one.
/// </summary>
public sealed class SandboxFoldersTests
{
    [Fact]
    public void Should_remove_the_folders_of_processes_that_died_and_keep_those_of_live_ones()
    {
        var dead = Plant($"p999999-{Guid.NewGuid():N}", locked: false);
        var alive = Plant($"p999998-{Guid.NewGuid():N}", locked: true);
        var old = Plant(Guid.NewGuid().ToString("N"), locked: false);
        Directory.SetLastWriteTimeUtc(old.Path, DateTime.UtcNow.AddDays(-2));
        var recent = Plant(Guid.NewGuid().ToString("N"), locked: false);
        var mine = Path.GetDirectoryName(SandboxFolders.Create())!;
        try
        {
            SandboxFolders.SweepAbandoned().ShouldBeGreaterThanOrEqualTo(2);

            Directory.Exists(dead.Path).ShouldBeFalse("its owner's lock was free: the process is gone");
            Directory.Exists(old.Path).ShouldBeFalse("a folder of the earlier layout untouched for two days");
            Directory.Exists(alive.Path).ShouldBeTrue("its owner holds the lock");
            Directory.Exists(recent.Path).ShouldBeTrue("an earlier layout's folder may still be in use today");
            Directory.Exists(mine).ShouldBeTrue("this process's own folder");
        }
        finally
        {
            alive.Lock?.Dispose();
            foreach (var path in new[] { alive.Path, recent.Path }) SandboxFolders.Delete(path);
        }
    }

    [Fact]
    public async Task Should_remove_what_a_killed_service_left_when_the_next_one_starts()
    {
        var left = Plant($"p999997-{Guid.NewGuid():N}", locked: false);
        File.WriteAllText(Path.Combine(left.Path, "ward.duckdb"), "household rows");

        await using var service = await TestService.Start();

        Directory.Exists(left.Path).ShouldBeFalse();
    }

    [Fact]
    public void Should_make_each_folder_readable_by_this_user_only()
    {
        var folder = SandboxFolders.Create();
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.GetUnixFileMode(Path.GetDirectoryName(folder)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        finally
        {
            SandboxFolders.Delete(folder);
        }
    }

    /// <summary>A process folder as another process would leave it: a <c>.owner</c> file, held or not.</summary>
    private static (string Path, FileStream? Lock) Plant(string name, bool locked)
    {
        var path = Path.Combine(SandboxFolders.Root, name);
        Directory.CreateDirectory(path);
        FileStream? held = null;
        if (name.StartsWith('p'))
        {
            var owner = Path.Combine(path, ".owner");
            File.WriteAllText(owner, "");
            if (locked) held = new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        return (path, held);
    }
}
