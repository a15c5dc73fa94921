using System.Reflection;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// Applies the embedded, numbered migrations (Migrations/NNNN_name.sql) in order, each in its
/// own transaction, and records them in schema_version.
/// </summary>
public sealed class MartMigrator(DuckDBConnection connection, TimeProvider clock)
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    public static int LatestVersion => Migrations[^1].Version;

    public void Migrate() => Migrate(LatestVersion);

    /// <summary>Applies the migrations up to and including <paramref name="through"/>; an older schema is what tests of upgrades start from.</summary>
    public void Migrate(int through)
    {
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)
            """);
        var current = CurrentVersion(connection);
        ThrowIfNewer(current);
        foreach (var (version, name, sql) in Migrations.Where(m => m.Version > current && m.Version <= through))
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(sql);
            connection.Execute("INSERT INTO schema_version VALUES (?, ?, ?)", version, name, clock.GetUtcNow());
            tx.Commit();
        }
    }

    /// <summary>A read-only opener cannot upgrade: it refuses old and new schemas alike with advice.</summary>
    public static void EnsureReadable(DuckDBConnection connection)
    {
        var exists = connection.Scalar<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'") > 0;
        var current = exists ? CurrentVersion(connection) : 0;
        ThrowIfNewer(current);
        if (current < LatestVersion)
            throw new MartSchemaException(Text.Message.Of(
                $"Kho dữ liệu ở phiên bản lược đồ {current}; bản disu này cần {LatestVersion}. " +
                $"Hãy mở kho để ghi một lần (ví dụ 'disu migrate') để nâng cấp.",
                $"The mart has schema version {current}; this build needs {LatestVersion}. " +
                $"Open it once for writing (e.g. 'disu etl load' with no files, or 'disu migrate') to upgrade it."));
    }

    public static int CurrentVersion(DuckDBConnection connection) =>
        connection.Scalar<int?>("SELECT max(version) FROM schema_version") ?? 0;

    private static void ThrowIfNewer(int current)
    {
        if (current > LatestVersion)
            throw new MartSchemaException(Text.Message.Of(
                $"Kho dữ liệu này ở phiên bản lược đồ {current}, mới hơn bản disu này hiểu được ({LatestVersion}). " +
                $"Hãy dùng bản disu mới hơn, hoặc chỉ --mart sang tệp khác; kho dữ liệu không bị thay đổi.",
                $"This mart has schema version {current}, newer than this build of disu understands ({LatestVersion}). " +
                $"Use a newer disu, or point --mart at another file; the mart was not changed."));
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(MartMigrator).Assembly;
        var list = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal)))
        {
            var file = resource["Migrations.".Length..^".sql".Length];
            var version = int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture);
            list.Add((version, file[5..], ReadResource(assembly, resource)));
        }
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
