using System.Globalization;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// What a locked-down instance for officers' SQL may use: DuckDB's memory budget and threads, and
/// where and how much it may spill to disk (null: DuckDB's defaults).
/// </summary>
public sealed record InstanceLimits(int MemoryLimitMb, int? Threads = null, string? TempDirectory = null, int? TempLimitMb = null);

/// <summary>
/// Opens a database file read-only as a fresh DuckDB instance for officers' SQL, with its limits set
/// and then locked: no file access, no extensions, no configuration change.
/// </summary>
public static class LockedInstance
{
    /// <exception cref="MartLockedException">Another process holds the file for writing.</exception>
    /// <exception cref="MartException">DuckDB cannot open the file.</exception>
    public static DuckDBConnection Open(string file, InstanceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var connection = Mart.Open($"Data Source={file};ACCESS_MODE=READ_ONLY", file);
        try
        {
            var settings = new List<string> { string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{limits.MemoryLimitMb}MB'") };
            if (limits.Threads is { } threads) settings.Add(string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads}"));
            if (limits.TempDirectory is { } temp) settings.Add($"SET temp_directory = {Sql.Text(temp)}");
            if (limits.TempLimitMb is { } spill) settings.Add(string.Create(CultureInfo.InvariantCulture, $"SET max_temp_directory_size = '{spill}MB'"));
            settings.Add("SET enable_external_access = false");
            settings.Add("SET lock_configuration = true");
            connection.Execute(string.Join("; ", settings));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
