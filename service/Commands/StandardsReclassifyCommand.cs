using System.CommandLine;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Output;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu standards reclassify --standard ID`: the loaded review years the standard covers classified
/// again by its current version (after `disu standards update` or a newer shipped file); the old
/// classification stays in status_history. Nothing to do when every row is already classified by
/// the current version.
/// </summary>
internal static class StandardsReclassifyCommand
{
    public static Command Build(CliContext context)
    {
        var standard = new Option<string>("--standard")
        {
            Description = "The standard to reclassify by, e.g. ND07_2021 (disu sql: SELECT standard_id, version FROM dim_standard).",
            Required = true,
        };
        var mart = CommonOptions.Mart(context);
        var command = new Command("reclassify",
            "Recompute computed status (and status where the commune recorded none) of every loaded household of the review years a standard covers, by the standard's current version; the old classification is kept in status_history and the transitions are rebuilt.")
        {
            standard, mart,
        };
        command.SetAction(parse =>
        {
            var path = RequireMart(parse.GetValue(mart)!);
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, context.Clock, context.Options.MemoryLimit);
            var reclassifier = new Reclassifier(connection, context.Clock, context.LoadedBy);
            var id = parse.GetValue(standard)!.Trim();
            if (StandardVersions.Current(connection).All(s => s.Standard.Id != id))
                throw new UsageException(reclassifier.UnknownStandard(id));
            var result = Run(context, reclassifier, id);
            Print(context, result);
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>A standard is corrected in a mart that exists: a mistyped --mart would otherwise make a new, empty one.</summary>
    internal static string RequireMart(string path) => File.Exists(path) ? path
        : throw new UsageException($"--mart {path}: không có kho dữ liệu ở đây; hãy chỉ đúng tệp (mặc định trong thiết lập Disu:Mart).",
                                   $"--mart {path}: there is no mart here; point at the mart file (default from the Disu:Mart setting).");

    private static ReclassifyResult Run(CliContext context, Reclassifier reclassifier, string id)
    {
        if (!context.Interactive)
            return reclassifier.Run(id);
        ReclassifyResult? result = null;
        context.Console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(id);
                task.IsIndeterminate = true;
                result = reclassifier.Run(id, new ImmediateProgress<ReclassifyProgress>(p => task.Description = Markup.Escape(StageName(context, p))));
                task.StopTask();
            });
        return result!;
    }

    private static string StageName(CliContext context, ReclassifyProgress p) => p.Stage switch
    {
        ReclassifyStage.Classifying => context.T($"phân loại lại", $"classifying"),
        ReclassifyStage.Transitions when p.Year is { } year => context.T($"tính lại biến động năm {year}", $"rebuilding transitions of {year}"),
        ReclassifyStage.Transitions => context.T($"tính lại biến động", $"rebuilding transitions"),
        _ => context.T($"hoàn tất", $"committing"),
    };

    private static void Print(CliContext context, ReclassifyResult r)
    {
        var s = r.Standard.Standard;
        var version = r.Standard.Version;
        var years = r.Years.Count == 0 ? "" : $"{r.Years[0]}–{r.Years[^1]}";
        if (r.NothingToDo)
        {
            context.Line($"Không có gì thay đổi: mọi hộ đã nạp của các năm rà soát {years} đã được phân loại theo chuẩn {s.Id} (Nghị định {s.Decree}) phiên bản {version}.",
                         $"Nothing changed: every loaded household of review years {years} is already classified by standard {s.Id} (Decree {s.Decree}) version {version}.");
            return;
        }
        var from = string.Join(", ", r.FromVersions.Select(v => v.FromStandardId == s.Id ? $"{v.FromVersion}" : $"{v.FromStandardId} {v.FromVersion}"));
        context.Line($"Chuẩn {s.Id} (Nghị định {s.Decree}): đã phân loại lại theo phiên bản {version} (trước đó: phiên bản {from}), lần chạy #{r.RunId}.",
                     $"Standard {s.Id} (Decree {s.Decree}): reclassified by version {version} (before: version {from}), run #{r.RunId}.");
        foreach (var year in r.PerYear)
        {
            context.Line($"  Năm {year.ReviewYear}: xét {year.Households:N0} hộ; {year.ComputedChanged:N0} hộ đổi phân loại tính toán, {year.StatusChanged:N0} hộ đổi trạng thái.",
                         $"  {year.ReviewYear}: {year.Households:N0} households classified again; {year.ComputedChanged:N0} changed computed class, {year.StatusChanged:N0} changed status.");
            foreach (var change in r.Changes.Where(c => c.ReviewYear == year.ReviewYear))
            {
                var held = change.Status == change.OldStatus;
                context.Line($"    {Vi(change.OldComputedStatus)} → {Vi(change.ComputedStatus)}: {change.Households:N0} hộ{(held ? $" (trạng thái giữ là {Vi(change.Status)} theo kết quả xã ghi nhận)" : "")}",
                             $"    {En(change.OldComputedStatus)} → {En(change.ComputedStatus)}: {change.Households:N0} households{(held ? $" (status stays {En(change.Status)}, as the commune recorded)" : "")}");
            }
        }
        foreach (var missing in r.MissingFlags)
            context.Warn($"năm {missing.ReviewYear}: {missing.Households:N0} hộ chưa ghi chỉ số {missing.IndicatorCode} mà chuẩn {s.Id} tính; được coi là không thiếu hụt chỉ số này",
                         $"{missing.ReviewYear}: {missing.Households:N0} households have no {missing.IndicatorCode} flag, which standard {s.Id} counts; taken as not deprived on it");
        context.Line($"Đã tính lại biến động của {r.WardYearsRebuilt:N0} phường, xã – năm. Phân loại cũ được giữ trong bảng status_history (run_id = {r.RunId}).",
                     $"Transitions rebuilt for {r.WardYearsRebuilt:N0} ward-years. The previous classification is kept in status_history (run_id = {r.RunId}).");
    }

    private static string Vi(string status) => status switch
    {
        "poor" => "nghèo",
        "near_poor" => "cận nghèo",
        "average" => "mức sống trung bình",
        _ => "không nghèo",
    };

    private static string En(string status) => status switch
    {
        "poor" => "poor",
        "near_poor" => "near-poor",
        "average" => "average",
        _ => "not poor",
    };
}
