using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Support;

/// <summary>A real mart file in a temp folder with an ETL runner on a fake clock.</summary>
public sealed class TestMart : IDisposable
{
    private readonly TempFolder folder = new();

    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    /// <summary>The fixed "now" of every test mart's clock.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 12, 20, 8, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An empty mart with every migration applied (and the standards and schema comments written),
    /// made once per test run and named by its migration count: migrating a new file costs more than
    /// most small tests, copying it a few milliseconds.
    /// </summary>
    private static readonly Lazy<string> EmptyTemplate = new(() =>
    {
        var path = System.IO.Path.Combine(Templates.Path, $"empty-{MartMigrator.Migrations.Count}.duckdb");
        using (DiSu.Analytics.Mart.Mart.OpenReadWrite(path, new FakeTimeProvider(Epoch)))
        {
        }
        return path;
    });

    public TestMart()
        : this(copyOf: EmptyTemplate.Value)
    {
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);

    /// <summary>
    /// A copy of the mart <paramref name="build"/> makes from an empty one, which is made once per
    /// test run under <paramref name="name"/> (one name, one build): for the small hand-made marts
    /// that several tests start from, whose loads cost more than the tests themselves.
    /// </summary>
    public static TestMart From(string name, Action<TestMart> build)
    {
        var template = Built.GetOrAdd(name, key => new(() =>
        {
            var path = System.IO.Path.Combine(Templates.Path, key + ".duckdb");
            var mart = new TestMart();
            build(mart);
            // Closed with its checkpoint, unlike Dispose: the file is what the copies start from.
            mart.Connection.Dispose();
            CopyMart(mart.MartPath, path);
            mart.folder.Dispose();
            return path;
        }));
        return new TestMart(copyOf: template.Value);
    }

    /// <summary>A copy of the migrated empty mart at <paramref name="path"/>, closed, for a test that hands a file to the command line.</summary>
    public static string EmptyAt(string path)
    {
        CopyMart(EmptyTemplate.Value, path);
        return path;
    }

    /// <summary>A copy of a closed mart (and its <c>.models</c> folder), so that a fixture built once can be shared without tests seeing each other's writes.</summary>
    public TestMart(string? copyOf)
    {
        MartPath = folder.File("mart.duckdb");
        if (copyOf is not null) CopyMart(copyOf, MartPath);
        Connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(MartPath, Clock);
        Runner = new EtlRunner(Connection, Clock, "tests");
    }

    public static void CopyMart(string from, string to)
    {
        File.Copy(from, to, overwrite: true);
        var models = Path.Combine(Path.GetDirectoryName(from)!, Path.GetFileNameWithoutExtension(from) + ".models");
        if (!Directory.Exists(models)) return;
        var target = Path.Combine(Path.GetDirectoryName(to)!, Path.GetFileNameWithoutExtension(to) + ".models");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(models))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    public FakeTimeProvider Clock { get; } = new(Epoch);
    public string MartPath { get; }
    public DuckDBConnection Connection { get; }
    public EtlRunner Runner { get; }
    public TempFolder Folder => folder;

    public LoadResult LoadSnapshot(string name, params SnapshotRow[] rows) =>
        Runner.LoadFile(SnapshotCsv.Write(folder.File(name), rows));

    public LoadResult LoadText(string name, string content)
    {
        var path = folder.File(name);
        File.WriteAllText(path, content);
        return Runner.LoadFile(path);
    }

    public T? Scalar<T>(string sql, params object?[] args) => Connection.Scalar<T>(sql, args);

    public List<object?[]> Rows(string sql, params object?[] args) => Connection.Rows(sql, args);

    /// <summary>Reasons recorded for a file row (null = file-level).</summary>
    /// <summary>The rejects of a row (null: of the refused file), with the reason in English (reason_en, what tools read).</summary>
    public List<(string? Column, string Reason)> Rejects(long? row = null) =>
        Rows("SELECT column_name, reason_en FROM etl_reject WHERE (? IS NULL AND row_no IS NULL) OR row_no = ? ORDER BY column_name", row, row)
            .Select(r => ((string?)r[0], (string)r[1]!)).ToList();

    /// <summary>The rejects of a row (null: of the refused file), with the reason in Vietnamese (reason, what people read).</summary>
    public List<(string? Column, string Reason)> RejectsVi(long? row = null) =>
        Rows("SELECT column_name, reason FROM etl_reject WHERE (? IS NULL AND row_no IS NULL) OR row_no = ? ORDER BY column_name", row, row)
            .Select(r => ((string?)r[0], (string)r[1]!)).ToList();

    public void Dispose()
    {
        try
        {
            // The file is deleted next: writing the log into it on close would be work for nothing.
            Connection.Execute("PRAGMA disable_checkpoint_on_shutdown");
        }
        catch (Exception e) when (e is DuckDBException or InvalidOperationException)
        {
            // A connection a test closed, or left broken, closes as it can.
        }
        Connection.Dispose();
        folder.Dispose();
    }
}
