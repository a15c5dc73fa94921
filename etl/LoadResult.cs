using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Etl;

public enum LoadOutcome { Loaded, Refused, Skipped, Failed }

/// <summary>
/// What happened to one file. Refused = the file is unusable, nothing of it loaded; Skipped = already
/// loaded; Failed = rolled back for a reason that is not the file's (the message says which).
/// </summary>
public sealed record LoadResult(
    string File,
    LoadOutcome Outcome,
    string? Kind,
    long? LoadId,
    long RowsRead,
    long RowsLoaded,
    long RowsRejected,
    Message? Message,
    IReadOnlyList<Message> Warnings,
    IReadOnlyList<long> ReplacedLoads,
    TimeSpan Elapsed)
{
    /// <summary>Seconds spent in each step of a loaded file (staging, each SQL script), for benchmarks.</summary>
    public IReadOnlyList<StepTiming> Steps { get; init; } = [];
}

public sealed record StepTiming(string Step, double Seconds);

public enum EtlStage { Hashing, Staging, Validating, Merging, Dimensions, Transitions, Committing }

public sealed record EtlProgress(string File, int FileIndex, int FileCount, EtlStage Stage);

/// <summary>A file could not be loaded for a reason that is not the file's fault; the mart is unchanged.</summary>
public sealed class EtlFailedException(string file, Exception inner) : Exception(Describe(file, inner).Vi, inner), IHasMessage
{
    /// <summary>The message in both languages; <see cref="Exception.Message"/> is the Vietnamese.</summary>
    public Message Text { get; } = Describe(file, inner);

    // The inner reason is the database's or the system's own words, quoted as they came.
    private static Message Describe(string file, Exception inner) => DiSu.Analytics.Mart.Text.Message.Of(
        $"Nạp '{file}' không thành công và đã được hoàn tác; kho dữ liệu không thay đổi: {inner.Message}",
        $"Loading '{file}' failed and was rolled back; the mart is unchanged: {inner.Message}");
}
