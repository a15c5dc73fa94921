using DiSu.Analytics.Mart.Text;
using Microsoft.Extensions.Options;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// Every rule a <see cref="ServeOptions"/> value must keep, so that the service refuses to start rather than
/// misbehave later. `disu serve` checks them before it starts the host; the host checks them again when it
/// starts (<c>ValidateOnStart</c>), whoever built its options. Keys are named as written under <c>Disu:Serve</c>.
/// </summary>
public sealed class ServeOptionsValidator : IValidateOptions<ServeOptions>
{
    public ValidateOptionsResult Validate(string? name, ServeOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<Message> Problems(ServeOptions o)
    {
        var problems = new List<Message>();
        if (!Uri.TryCreate(o.Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
            problems.Add(Message.Of($"Listen '{o.Listen}' phải là một địa chỉ http:// hoặc https://, ví dụ http://127.0.0.1:5080",
                                    $"Listen '{o.Listen}' must be an http:// or https:// address such as http://127.0.0.1:5080"));
        foreach (var (job, cron) in o.Schedules.All)
        {
            if (string.IsNullOrWhiteSpace(cron) || Quartz.CronExpression.TryParse(cron, out _)) continue;
            var key = $"Schedules:{char.ToUpperInvariant(job[0])}{job[1..]}";
            problems.Add(Message.Of($"{key} '{cron}' không phải biểu thức cron của Quartz (giây phút giờ ngày-trong-tháng tháng thứ-trong-tuần), ví dụ '0 * * * * ?' là mỗi phút",
                                    $"{key} '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. '0 * * * * ?' for every minute"));
        }
        if (!IsTimeZone(o.TimeZone))
            problems.Add(Message.Of($"TimeZone '{o.TimeZone}' không phải múi giờ đã biết (dùng tên IANA như Asia/Ho_Chi_Minh)",
                                    $"TimeZone '{o.TimeZone}' is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)"));
        Range(problems, nameof(o.QuietSeconds), o.QuietSeconds, 0, 3600);
        Range(problems, nameof(o.MaxAttempts), o.MaxAttempts, 1, 100);
        Range(problems, nameof(o.WriterPatienceSeconds), o.WriterPatienceSeconds, 1, 3600);
        Range(problems, nameof(o.ReaderPatienceSeconds), o.ReaderPatienceSeconds, 0, 300);
        Range(problems, nameof(o.QueryRowCap), o.QueryRowCap, 1, 1_000_000);
        Range(problems, nameof(o.QueryTimeoutSeconds), o.QueryTimeoutSeconds, 1, 3600);
        Range(problems, nameof(o.QueryResponseLimitMb), o.QueryResponseLimitMb, 1, 1024);
        Range(problems, nameof(o.QueryWorkers), o.QueryWorkers, 1, 64);
        Range(problems, nameof(o.QueryQueueSeconds), o.QueryQueueSeconds, 0, 300);
        Range(problems, nameof(o.QueryThreads), o.QueryThreads, 1, 256);
        Range(problems, nameof(o.QueryMemoryLimitMb), o.QueryMemoryLimitMb, 64, 1_048_576);
        if (o.QueryWorkerMemoryMb < o.QueryMemoryLimitMb + 256 || o.QueryWorkerMemoryMb > 1_048_576)
            problems.Add(Message.Of(
                $"QueryWorkerMemoryMb {o.QueryWorkerMemoryMb} phải ít nhất bằng QueryMemoryLimitMb + 256 ({o.QueryMemoryLimitMb + 256}): tiến trình chạy truy vấn cần chỗ ngoài ngân sách bộ nhớ của DuckDB",
                $"QueryWorkerMemoryMb {o.QueryWorkerMemoryMb} must be at least QueryMemoryLimitMb + 256 ({o.QueryMemoryLimitMb + 256}): a worker needs room besides DuckDB's budget"));
        Range(problems, nameof(o.QueryTempLimitMb), o.QueryTempLimitMb, 0, 16_777_216);
        Range(problems, nameof(o.UploadLimitMb), o.UploadLimitMb, 1, 16_384);
        Range(problems, nameof(o.SignInIdleMinutes), o.SignInIdleMinutes, 5, 10_080);
        Range(problems, nameof(o.SignInMaxFailures), o.SignInMaxFailures, 1, 100);
        Range(problems, nameof(o.SignInLockoutMinutes), o.SignInLockoutMinutes, 1, 1440);
        Range(problems, nameof(o.SignInPerMinute), o.SignInPerMinute, 1, 1000);
        if (o.Users is { } users && users.Trim().EndsWith(".duckdb", StringComparison.OrdinalIgnoreCase))
            problems.Add(Message.Of($"Users '{users}' phải là một tệp JSON riêng, không phải cơ sở dữ liệu: mật khẩu không được nằm trong kho dữ liệu",
                                    $"Users '{users}' must be a JSON file of its own, not a database: passwords must not live in the mart"));
        foreach (var format in o.ReportFormats)
            if (format.Trim().ToLowerInvariant() is not ("pdf" or "xlsx" or "csv"))
                problems.Add(Message.Of($"ReportFormats: '{format}' phải là pdf, xlsx hoặc csv", $"ReportFormats: '{format}' must be pdf, xlsx or csv"));
        foreach (var key in o.Keys)
        {
            if (key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit))
                problems.Add(Message.Of($"Keys: '{key.Id}' cần Sha256, 64 chữ số hex do 'disu serve key new' in ra",
                                        $"Keys: '{key.Id}' needs Sha256, the 64 hex digits printed by 'disu serve key new'"));
            if (!Enum.IsDefined(key.Role))
                problems.Add(Message.Of($"Keys: '{key.Id}' cần Role: leader, planner, officer hoặc admin",
                                        $"Keys: '{key.Id}' needs Role: leader, planner, officer or admin"));
        }
        foreach (var duplicate in o.Keys.GroupBy(k => k.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add(Message.Of($"Keys: id '{duplicate.Key}' được dùng {duplicate.Count()} lần; mỗi khóa cần id riêng (id là tên của khóa trong nhật ký kiểm tra)",
                                    $"Keys: id '{duplicate.Key}' is used {duplicate.Count()} times; each key needs its own id (it names the key in the audit log)"));
        return problems;
    }

    private static void Range(List<Message> problems, string key, int value, int min, int max)
    {
        // Plain numbers in both languages: the bounds are copied into the configuration as written here.
        var (v, lo, hi) = (value.ToString(System.Globalization.CultureInfo.InvariantCulture), min.ToString(System.Globalization.CultureInfo.InvariantCulture),
            max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (value < min || value > max)
            problems.Add(new Message($"{key} {v} phải nằm trong khoảng {lo} đến {hi}", $"{key} {v} must be between {lo} and {hi}"));
    }

    private static bool IsTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
