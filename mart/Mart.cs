using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// Opens the mart file. One process may hold it read-write; other processes can only read it
/// while no writer holds it. Read-only connections are locked down so that ad hoc SQL can touch
/// neither the file system nor the configuration.
/// </summary>
public static partial class Mart
{
    public const string DefaultPath = "data/disu.duckdb";

    /// <summary>DuckDB's own memory budget for the writer; it spills to disk beyond it.</summary>
    public const string DefaultMemoryLimit = "1GB";

    /// <summary>DuckDB's memory budget for each read-only (query) connection.</summary>
    public const string ReaderMemoryLimit = "2GB";

    /// <summary>
    /// DuckDB's thread count for the databases this process opens, when its runtime configuration
    /// names one (<c>DiSu.Analytics.Mart.DuckDbThreads</c> in runtimeconfig.json); otherwise nothing
    /// is set and DuckDB uses one thread per core. The test suite sets 1: its marts are small, and
    /// an idle second thread spins on every statement, doubling the CPU a small load costs.
    /// </summary>
    private static readonly string ThreadsSetting =
        int.TryParse(AppContext.GetData("DiSu.Analytics.Mart.DuckDbThreads") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads > 0
            ? string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads}; ")
            : "";

    /// <summary>Opens (creating if needed) the mart for writing and upgrades its schema.</summary>
    public static DuckDBConnection OpenReadWrite(string path, TimeProvider? clock = null, string memoryLimit = DefaultMemoryLimit)
    {
        if (!IsMemoryLimit(memoryLimit))
            throw new MartException($"giới hạn bộ nhớ '{memoryLimit}' phải là một dung lượng như 1GB hoặc 512MB",
                                    $"memory limit '{memoryLimit}' must be a size such as 1GB or 512MB");
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = Open($"Data Source={full}", full);
        try
        {
            connection.Execute($"SET memory_limit = '{memoryLimit}'; {ThreadsSetting}");
            new MartMigrator(connection, clock ?? TimeProvider.System).Migrate();
            StandardsSeeder.Seed(connection, clock ?? TimeProvider.System);
            // After every migration: a redefined view has lost its comments (see SchemaComments).
            Schema.SchemaComments.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing mart read-only, without file-system access or configuration changes.</summary>
    public static DuckDBConnection OpenReadOnly(string path) =>
        OpenExisting(path, "SET enable_external_access = false; ");

    /// <summary>
    /// Opens an existing mart read-only for exporting files: DuckDB itself writes the Parquet, so
    /// file access stays on; the configuration is locked and no user SQL runs on this connection.
    /// </summary>
    public static DuckDBConnection OpenForExport(string path) => OpenExisting(path, "");

    private static DuckDBConnection OpenExisting(string path, string restrictions)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new MartException($"Không có kho dữ liệu ở '{full}'. Tạo kho bằng 'disu demo' hoặc 'disu etl load TỆP --mart {path}'.",
                                    $"No mart at '{full}'. Create one with 'disu demo' or 'disu etl load FILE --mart {path}'.");
        var connection = Open($"Data Source={full};ACCESS_MODE=READ_ONLY", full);
        try
        {
            MartMigrator.EnsureReadable(connection);
            // A memory budget, set before the configuration is locked. A second reader in the same
            // process shares the database instance the first one locked down.
            if (!connection.Scalar<bool>("SELECT current_setting('lock_configuration')"))
                connection.Execute($"SET memory_limit = '{ReaderMemoryLimit}'; {ThreadsSetting}{restrictions}SET lock_configuration = true;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection, turning DuckDB's lock error into <see cref="MartLockedException"/> naming the holder.</summary>
    internal static DuckDBConnection Open(string connectionString, string full)
    {
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (DuckDBException e) when (e.Message.Contains("Could not set lock", StringComparison.Ordinal))
        {
            connection.Dispose();
            var pid = PidPattern().Match(e.Message);
            var (holderVi, holderEn) = pid.Success ? ($"tiến trình {pid.Groups[1].Value}", $"process {pid.Groups[1].Value}") : ("một tiến trình khác", "another process");
            throw new MartLockedException(Text.Message.Of(
                $"Kho dữ liệu '{full}' đang được {holderVi} mở để ghi. Hãy chờ lần nạp hoặc dịch vụ đó xong " +
                $"(hoặc dừng nó) rồi thử lại; chỉ đọc được khi không có ai đang ghi tệp.",
                $"The mart '{full}' is open for writing by {holderEn}. Wait for that load or service to finish " +
                $"(or stop it), then try again; reads are possible only while no writer holds the file."), e);
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new MartException($"Không mở được kho dữ liệu '{full}': {e.Message}", $"Cannot open the mart '{full}': {e.Message}", e);
        }
    }

    /// <summary>A size DuckDB takes as a memory budget: 1GB, 512MB, 1.5 GiB (the setting Disu:MemoryLimit is checked with it at start).</summary>
    public static bool IsMemoryLimit(string? text) => text is not null && MemoryLimitPattern().IsMatch(text);

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\s*[KMGT]i?B$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryLimitPattern();

    [GeneratedRegex(@"PID (\d+)")]
    private static partial Regex PidPattern();
}
