using System.Collections.Frozen;
using System.Reflection;
using DiSu.Analytics.Mart.Text;

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
    // First: the rules below are built from it and from the reasons.
    private static readonly List<string> Functions = Load();

    private static readonly Message Logging = new("nó thay đổi việc ghi nhật ký của phiên bản cơ sở dữ liệu", "it changes the database instance's logging");
    private static readonly Message OthersLogs = new("nó đọc nhật ký của phiên bản, nơi có thể có câu lệnh của người khác", "it reads the instance's log, which may hold other people's statements");
    private static readonly Message Profiling = new("nó thay đổi thông tin đo hiệu năng của phiên bản", "it changes the instance's profiling output");
    private static readonly Message Parser = new("nó thay đổi bộ phân tích SQL của phiên bản", "it changes the instance's SQL parser");
    private static readonly Message Writes = new("nó ghi vào tệp cơ sở dữ liệu", "it writes to the database file");
    private static readonly Message Secrets = new("nó đọc thông tin đăng nhập đã lưu", "it reads stored credentials");
    private static readonly Message Dynamic = new("nó chạy SQL hoặc kế hoạch truy vấn cho dưới dạng chuỗi, mà bước kiểm tra này không đọc trước được; hãy viết thẳng truy vấn",
        "it runs SQL or a query plan given as a string, which this check could not read first; write the query itself");
    private static readonly Message Pointers = new("nó đọc bộ nhớ theo địa chỉ", "it reads memory by address");
    private static readonly Message Internal = new("đây là cơ chế nội bộ của DuckDB, không dùng cho truy vấn", "it is DuckDB's internal machinery, not for queries");
    private static readonly Message Files = new("nó đọc tệp; hãy truy vấn các bảng và view của kho dữ liệu (xem docs/mart.md)",
        "it reads files; query the mart's tables and views instead (see docs/mart.md)");
    private static readonly Message Waits = new("nó chỉ chờ, giữ chỗ của một truy vấn", "it only waits, holding a query slot");

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
    public static FrozenDictionary<string, Message> DeniedTableFunctions { get; } = new Dictionary<string, Message>(StringComparer.OrdinalIgnoreCase)
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
    public static FrozenDictionary<string, Message> DeniedFunctions { get; } = new Dictionary<string, Message>(StringComparer.OrdinalIgnoreCase)
    {
        ["write_log"] = Logging,
        ["json_serialize_plan"] = Dynamic,
        ["nextval"] = new Message("nó tăng một dãy số, tức là thay đổi cơ sở dữ liệu", "it advances a sequence, a change to the database"),
        ["setseed"] = new Message("nó thay đổi hạt giống ngẫu nhiên của phiên; dùng USING SAMPLE … REPEATABLE (seed) để lấy mẫu lặp lại được",
                                  "it changes the session's random seed; use USING SAMPLE … REPEATABLE (seed) for a repeatable sample"),
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
    public static FrozenDictionary<string, Message> DeniedTables { get; } = new Dictionary<string, Message>(StringComparer.OrdinalIgnoreCase)
    {
        ["duckdb_logs"] = OthersLogs,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>DuckDB 1.5.6's scalar, aggregate and macro function names as reviewed (<c>duckdb-functions.txt</c>).</summary>
    public static FrozenSet<string> ReviewedFunctions { get; } = Functions.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

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
