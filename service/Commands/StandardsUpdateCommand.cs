using System.CommandLine;
using DiSu.Analytics.Mart;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu standards update --file corrected.json`: an administrator's correction of one or more
/// standards (the shape of poverty-standards.json; fields left out keep their value). A changed
/// standard becomes a new version; the loaded years keep their classification until
/// `disu standards reclassify`.
/// </summary>
internal static class StandardsUpdateCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Option<string>("--file")
        {
            Description = "A JSON file shaped like poverty-standards.json: {\"standards\": [{\"id\": \"ND351_2025\", \"urban_line\": 2800000, …}]}. Fields left out keep the current version's value.",
            Required = true,
        };
        var mart = CommonOptions.Mart(context);
        var command = new Command("update",
            "Record a corrected standard (a confirmed threshold, band, k, indicator set or years) as a new version of it; then run 'disu standards reclassify' for the years already loaded.")
        {
            file, mart,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(StandardsReclassifyCommand.RequireMart(parse.GetValue(mart)!), context.Clock, context.Options.MemoryLimit);
            CorrectionResult result;
            try
            {
                result = StandardsCorrection.Apply(connection, path, context.Clock, context.LoadedBy);
            }
            catch (StandardsFileException e)
            {
                foreach (var problem in e.Problems)
                    context.Error.WriteLine($"disu: {Path.GetFileName(path)}: {context.T(problem)}");
                context.Error.WriteLine(context.T($"disu: tệp bị từ chối; không ghi gì vào kho dữ liệu.", $"disu: the file is refused; nothing was written to the mart."));
                return Cli.Failure;
            }
            foreach (var change in result.Standards)
            {
                var s = change.Standard;
                if (!change.NewVersion)
                {
                    context.Line($"{s.Id}: giống phiên bản {change.FromVersion} hiện hành; không ghi phiên bản mới.",
                                 $"{s.Id}: the same as its current version {change.FromVersion}; no new version.");
                    continue;
                }
                context.Line($"{s.Id} (Nghị định {s.Decree}): đã ghi phiên bản {change.ToVersion} (trước đó: phiên bản {change.FromVersion}); {string.Join("; ", change.Changes)}.",
                             $"{s.Id} (Decree {s.Decree}): version {change.ToVersion} recorded (before: version {change.FromVersion}); {string.Join("; ", change.Changes)}.");
                var loaded = connection.Scalar<long>("""
                    SELECT count(*) FROM fact_household_year f JOIN dim_period p ON p.review_year = f.review_year
                    WHERE f.is_current AND p.standard_id = ?
                    """, s.Id);
                if (loaded > 0)
                    context.Line($"  {loaded:N0} hộ đã nạp của các năm {s.FirstYear}–{s.LastYear} vẫn theo phân loại cũ; chạy 'disu standards reclassify --standard {s.Id}' để phân loại lại.",
                                 $"  {loaded:N0} loaded households of {s.FirstYear}–{s.LastYear} keep their classification; run 'disu standards reclassify --standard {s.Id}' to reclassify them.");
            }
            if (result.Standards.All(c => !c.NewVersion))
                context.Line($"Không có gì thay đổi.", $"Nothing changed.");
            return Cli.Ok;
        });
        return command;
    }
}
