using System.Collections.Frozen;
using System.Reflection;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// What officers' SQL may call, decided name by name for every table function, table macro and
/// PRAGMA of DuckDB 1.5.6, and for every scalar, aggregate and macro function (the reviewed list in
/// <c>duckdb-functions.txt</c>, less <see cref="DeniedFunctions"/>). A function this build of DuckDB
/// has that no list names is refused, so an upgrade of DuckDB cannot bring an unreviewed function
/// to officers: a test fails until its names are decided here.
/// <para>
/// Denied: anything that changes the instance (logging, profiling, the parser, checkpoints, sequences,
/// the random seed), reads or names files or secrets, runs SQL or plans built from strings past this
/// check (query, json_execute_serialized_sql, json_serialize_plan), takes raw pointers (arrow_scan),
/// reads what other sessions logged, or only waits (sleep).
/// </para>
/// </summary>
public static class SqlFunctionRules
{
    // First: the rules below are built from it.
    private static readonly List<string> Functions = Load();

    /// <summary>Table functions and table macros an ad hoc reading needs: generators, JSON, and the catalog listings.</summary>
    public static FrozenSet<string> AllowedTableFunctions { get; } = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "range", "generate_series", "unnest", "repeat", "repeat_row", "json_each", "json_tree", "summary",
        "test_all_types", "test_vector_types", "pg_timezone_names", "icu_calendar_names", "sql_auto_complete",
        "histogram", "histogram_values",
        "duckdb_columns", "duckdb_constraints", "duckdb_databases", "duckdb_dependencies", "duckdb_extensions",
        "duckdb_functions", "duckdb_indexes", "duckdb_keywords", "duckdb_schemas", "duckdb_sequences", "duckdb_settings",
        "duckdb_tables", "duckdb_types", "duckdb_views", "duckdb_variables", "duckdb_optimizers", "duckdb_memory",
        "duckdb_temporary_files", "duckdb_prepared_statements", "duckdb_approx_database_count", "duckdb_connection_count",
        "duckdb_coordinate_systems", "duckdb_secret_types", "duckdb_table_sample",
        "pragma_collations", "pragma_database_size", "pragma_metadata_info", "pragma_platform", "pragma_show",
        "pragma_storage_info", "pragma_table_info", "pragma_user_agent", "pragma_version",
    ]);

    /// <summary>Table functions and table macros refused, with the reason an officer is told.</summary>
    public static FrozenDictionary<string, string> DeniedTableFunctions { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["enable_logging"] = Logging, ["disable_logging"] = Logging, ["truncate_duckdb_logs"] = Logging,
        ["duckdb_logs"] = OthersLogs, ["duckdb_log_contexts"] = OthersLogs, ["duckdb_logs_parsed"] = OthersLogs,
        ["enable_profiling"] = Profiling, ["disable_profiling"] = Profiling, ["duckdb_profiling_settings"] = Profiling,
        ["enable_peg_parser"] = Parser, ["disable_peg_parser"] = Parser, ["check_peg_parser"] = Parser,
        ["checkpoint"] = Writes, ["force_checkpoint"] = Writes,
        ["duckdb_secrets"] = Secrets, ["which_secret"] = Secrets,
        ["query"] = Dynamic, ["query_table"] = Dynamic, ["json_execute_serialized_sql"] = Dynamic,
        ["arrow_scan"] = Pointers, ["arrow_scan_dumb"] = Pointers, ["seq_scan"] = Internal,
        ["glob"] = Files, ["read_blob"] = Files, ["read_text"] = Files, ["read_csv"] = Files, ["read_csv_auto"] = Files,
        ["read_duckdb"] = Files, ["read_json"] = Files, ["read_json_auto"] = Files, ["read_json_objects"] = Files,
        ["read_json_objects_auto"] = Files, ["read_ndjson"] = Files, ["read_ndjson_auto"] = Files, ["read_ndjson_objects"] = Files,
        ["read_parquet"] = Files, ["parquet_scan"] = Files, ["parquet_metadata"] = Files, ["parquet_file_metadata"] = Files,
        ["parquet_full_metadata"] = Files, ["parquet_kv_metadata"] = Files, ["parquet_schema"] = Files,
        ["parquet_bloom_probe"] = Files, ["sniff_csv"] = Files, ["duckdb_external_file_cache"] = Files,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Scalar, aggregate and macro functions refused, with the reason an officer is told.</summary>
    public static FrozenDictionary<string, string> DeniedFunctions { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["write_log"] = Logging,
        ["json_serialize_plan"] = Dynamic,
        ["nextval"] = "it advances a sequence, a change to the database",
        ["setseed"] = "it changes the session's random seed; use USING SAMPLE … REPEATABLE (seed) for a repeatable sample",
        ["sleep_ms"] = Waits, ["pg_sleep"] = Waits,
    }.Concat(Functions.Where(f => f.StartsWith("__internal_", StringComparison.Ordinal)).Select(f => KeyValuePair.Create(f, Internal)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// PRAGMA statements that list something (DuckDB turns each into a query); every other PRAGMA
    /// changes a setting or the instance and is refused.
    /// </summary>
    public static FrozenSet<string> AllowedPragmas { get; } = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "table_info", "show", "show_tables", "show_tables_expanded", "show_databases", "database_list", "database_size",
        "storage_info", "metadata_info", "functions", "collations", "version", "platform", "user_agent", "extension_versions",
    ]);

    /// <summary>Tables and views of DuckDB's own catalog refused by name (a view over a denied function).</summary>
    public static FrozenDictionary<string, string> DeniedTables { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["duckdb_logs"] = OthersLogs,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>DuckDB 1.5.6's scalar, aggregate and macro function names as reviewed (<c>duckdb-functions.txt</c>).</summary>
    public static FrozenSet<string> ReviewedFunctions { get; } = Functions.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private const string Logging = "it changes the database instance's logging";
    private const string OthersLogs = "it reads the instance's log, which may hold other people's statements";
    private const string Profiling = "it changes the instance's profiling output";
    private const string Parser = "it changes the instance's SQL parser";
    private const string Writes = "it writes to the database file";
    private const string Secrets = "it reads stored credentials";
    private const string Dynamic = "it runs SQL or a query plan given as a string, which this check could not read first; write the query itself";
    private const string Pointers = "it reads memory by address";
    private const string Internal = "it is DuckDB's internal machinery, not for queries";
    private const string Files = "it reads files; query the mart's tables and views instead (see docs/mart.md)";
    private const string Waits = "it only waits, holding a query slot";

    private static List<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sandbox.duckdb-functions.txt")
            ?? throw new InvalidOperationException("the reviewed function list Sandbox.duckdb-functions.txt is missing from the assembly");
        using var reader = new StreamReader(stream);
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) names.Add(line);
        return names;
    }
}
