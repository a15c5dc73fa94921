using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Service.Api;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Web;

/// <summary>One row of the load ledger (etl_load) as the Dữ liệu page lists it.</summary>
public sealed record LoadRow
{
    public long LoadId { get; init; }
    public required string FileName { get; init; }
    public string? FileKind { get; init; }
    public required string Outcome { get; init; }
    public long RowsRead { get; init; }
    public long RowsLoaded { get; init; }
    public long RowsRejected { get; init; }
    public string? WardYears { get; init; }
    public string? Message { get; init; }
    public required string LoadedBy { get; init; }

    /// <summary>UTC (DuckDB gives a TIMESTAMPTZ as a DateTime in UTC of unspecified kind).</summary>
    public DateTime FinishedAt { get; init; }
}

/// <summary>One rejected row or refused file (etl_reject), with the columns and order of <c>disu etl rejects</c>.</summary>
public sealed record RejectLine
{
    public long LoadId { get; init; }
    public required string File { get; init; }
    public long? Row { get; init; }
    public string? Column { get; init; }
    public string? Value { get; init; }
    public required string Reason { get; init; }
}

/// <summary>
/// The loads and rejects a person may see. Everyone of the whole district sees every load. A
/// person of one ward sees what the ward sandbox of /api/query holds (<see cref="SandboxRules"/>:
/// files whose loaded rows are all the ward's, their rejects except those on household_id, whose
/// reason may name a household of another ward), and besides the files they uploaded themselves
/// (a refused file names no ward, and its sender must see why).
/// </summary>
public sealed class DataLoads(Caller caller)
{
    public const int LoadsPerPage = 20;
    public const int RejectsPerPage = 50;

    private readonly string? ward = caller.Ward;
    private readonly string uploader = FileEndpoints.UploadedBy(caller);

    private string LoadScope => ward is null ? "true"
        : $"(({SandboxRules.All["etl_load"].Filter!.Replace("$1", "$ward", StringComparison.Ordinal)}) OR loaded_by = $by)";

    private string RejectScope => ward is null ? "true" : "column_name IS DISTINCT FROM 'household_id'";

    /// <summary>True when the person sees only part of each file's rejects (the note under the table says so).</summary>
    public bool HidesHouseholdRejects => ward is not null;

    private DuckDBParameter[] Scope(params DuckDBParameter[] more) =>
        ward is null ? more : [new DuckDBParameter("ward", ward), new DuckDBParameter("by", uploader), .. more];

    public long CountLoads(DuckDBConnection c) => c.Scalar<long>($"SELECT count(*) FROM etl_load WHERE {LoadScope}", Scope());

    /// <summary>The newest first; page 1 is the first.</summary>
    public IReadOnlyList<LoadRow> Loads(DuckDBConnection c, int page) => c.Read<LoadRow>($"""
        SELECT load_id, file_name, file_kind, outcome, rows_read, rows_loaded, rows_rejected, ward_years, message, loaded_by, finished_at
        FROM etl_load WHERE {LoadScope}
        ORDER BY load_id DESC LIMIT $limit OFFSET $offset
        """, Scope(new DuckDBParameter("limit", LoadsPerPage), new DuckDBParameter("offset", (long)(page - 1) * LoadsPerPage)));

    /// <summary>The load if the person may see it; null for one that is not there and for one of another ward alike.</summary>
    public LoadRow? Load(DuckDBConnection c, long loadId) => c.ReadSingleOrDefault<LoadRow>($"""
        SELECT load_id, file_name, file_kind, outcome, rows_read, rows_loaded, rows_rejected, ward_years, message, loaded_by, finished_at
        FROM etl_load WHERE load_id = $load AND {LoadScope}
        """, Scope(new DuckDBParameter("load", loadId)));

    public long CountRejects(DuckDBConnection c, long loadId) =>
        c.Scalar<long>($"SELECT count(*) FROM etl_reject WHERE load_id = $load AND {RejectScope}", new DuckDBParameter("load", loadId));

    /// <summary>
    /// A page of the load's rejects, ordered as <c>disu etl rejects</c> orders them; the whole list
    /// when <paramref name="page"/> is null (the CSV). Call only for a load <see cref="Load"/> gave.
    /// </summary>
    public IReadOnlyList<RejectLine> Rejects(DuckDBConnection c, long loadId, int? page) => c.Read<RejectLine>($"""
        SELECT load_id, file_name AS file, row_no AS "row", column_name AS "column", value, reason
        FROM etl_reject WHERE load_id = $load AND {RejectScope}
        ORDER BY load_id, row_no NULLS FIRST, column_name
        {(page is null ? "" : "LIMIT $limit OFFSET $offset")}
        """, page is null
        ? [new DuckDBParameter("load", loadId)]
        : [new DuckDBParameter("load", loadId), new DuckDBParameter("limit", RejectsPerPage), new DuckDBParameter("offset", (long)(page.Value - 1) * RejectsPerPage)]);

    /// <summary>Who sent a file, as a person reads it: the user or key of an upload, else the inbox folder or the command line.</summary>
    public static string Sender(string loadedBy) =>
        loadedBy.StartsWith("user=", StringComparison.Ordinal) ? loadedBy["user=".Length..]
        : loadedBy.StartsWith("key=", StringComparison.Ordinal) ? $"khóa API {loadedBy["key=".Length..]}"
        : loadedBy == Serve.InboxLoads.InboxLoader ? "chép vào hộp thư đến"
        : $"dòng lệnh ({loadedBy})";

    public static string KindName(string? kind) => kind switch
    {
        "snapshot" => "kết quả rà soát hộ",
        "support" => "hỗ trợ",
        "target" => "chỉ tiêu kế hoạch",
        "unit_change" => "sắp xếp đơn vị hành chính",
        _ => "—",
    };

    public static string OutcomeName(string outcome) => outcome switch
    {
        "loaded" => "đã nạp",
        "refused" => "bị từ chối",
        _ => outcome,
    };
}
