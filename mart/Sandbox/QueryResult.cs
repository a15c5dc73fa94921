using System.Globalization;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// What one ad hoc statement may take: rows returned, wall-clock time, and the size of its rows as
/// JSON (a row cap alone lets a thousand rows of megabyte strings through).
/// </summary>
public sealed record QueryLimits(int MaxRows, TimeSpan Timeout, long MaxBytes = QueryLimits.DefaultMaxBytes)
{
    public const long DefaultMaxBytes = 8L * 1024 * 1024;

    /// <summary>An officer at the command line, writing to a terminal or a file of their own: every row, no time limit (Ctrl-C cancels).</summary>
    public static QueryLimits Unbounded { get; } = new(int.MaxValue, System.Threading.Timeout.InfiniteTimeSpan, long.MaxValue);

    internal void Validate()
    {
        if (MaxRows < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxRows), MaxRows, "MaxRows must be at least 1");
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive");
        if (MaxBytes < 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "MaxBytes must be at least 1024");
    }
}

/// <summary>Where <see cref="QueryRunner"/> hands a result: its columns first, then each row as canonical values (<see cref="Reading.ResultValues"/>).</summary>
public interface IQuerySink
{
    void Columns(IReadOnlyList<QueryColumn> columns);

    void Row(object?[] values);
}

/// <summary>How a streamed statement went: its columns, the rows handed over, which limit cut it, how long it took.</summary>
public sealed record QueryRun(IReadOnlyList<QueryColumn> Columns, long Rows, QueryCut Cut, TimeSpan Elapsed);

/// <summary>Which limit cut a result short.</summary>
public enum QueryCut { None, Rows, Bytes }

/// <summary>A result column: its name and DuckDB's name for its type (e.g. <c>DECIMAL(18,3)</c>, <c>VARCHAR[]</c>).</summary>
public sealed record QueryColumn(string Name, string Type);

/// <summary>
/// The rows of one statement, as JSON-friendly values (see <see cref="QueryRunner"/>), within the
/// row and byte caps of its <see cref="QueryLimits"/>; <see cref="Truncated"/> says more rows existed
/// and <see cref="Cut"/> which cap stopped them.
/// </summary>
public sealed record QueryResult(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, TimeSpan Elapsed)
{
    public QueryCut Cut { get; init; } = Truncated ? QueryCut.Rows : QueryCut.None;

    public long MaxBytes { get; init; } = QueryLimits.DefaultMaxBytes;

    /// <summary>What to tell the caller when the result was cut; null when it is whole.</summary>
    public string? Note => NoteFor(Cut, Rows.Count, MaxBytes);

    public static string? NoteFor(QueryCut cut, int rows, long maxBytes) => NoteTextFor(cut, rows, maxBytes)?.En;

    /// <summary>Why the rows were cut, in both languages (Vietnamese for people, English for tools); null when nothing was cut.</summary>
    public static DiSu.Analytics.Mart.Text.Message? NoteTextFor(QueryCut cut, int rows, long maxBytes) => cut switch
    {
        QueryCut.Rows => DiSu.Analytics.Mart.Text.Message.Of($"kết quả bị cắt ở {rows:N0} dòng; hãy thêm LIMIT hoặc gộp nhóm",
                                                             $"result cut at {rows} rows; add LIMIT or aggregate"),
        QueryCut.Bytes => DiSu.Analytics.Mart.Text.Message.Of(
            $"kết quả bị cắt ở {rows:N0} dòng: các dòng sau đó sẽ vượt giới hạn kích thước câu trả lời {Size(maxBytes)}; hãy chọn ít cột hoặc cột ngắn hơn, thêm LIMIT hoặc gộp nhóm",
            $"result cut at {rows} rows: the rows after them would pass the response size limit of {Size(maxBytes)}; select fewer or shorter columns, add LIMIT or aggregate"),
        _ => null,
    };

    private static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KB");
}
