using System.CommandLine;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Service.Output;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

internal static class GenerateCommand
{
    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the files into.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed writes the same files.", DefaultValueFactory = _ => new GeneratorOptions().Seed };
        var provinces = new Option<int?>("--provinces") { Description = "Synthetic: number of provinces." };
        var wards = new Option<int?>("--wards") { Description = "Synthetic: wards per province." };
        var groups = new Option<int?>("--groups") { Description = "Synthetic: residential groups per ward." };
        var households = new Option<int?>("--households") { Description = "Synthetic: households per ward in the first year." };
        var firstYear = new Option<int>("--first-year") { DefaultValueFactory = _ => 2021, Description = "First review year." };
        var lastYear = new Option<int>("--last-year") { DefaultValueFactory = _ => 2025, Description = "Last review year." };
        var dirty = new Option<double?>("--dirty-rate") { Description = "Fraction of extra contract-breaking rows (demo default 0.002, synthetic 0)." };
        var noSupports = new Option<bool>("--no-supports") { Description = "Do not write support records." };
        var noShocks = new Option<bool>("--no-shocks")
        {
            Description = "Synthetic: no ward-year or group-year shocks, so every ward sits exactly on its planned rates " +
                          "(with --even-minorities, the files of earlier versions). Shocks are on by default; the demo never has them, so it ignores this.",
        };
        var evenMinorities = new Option<bool>("--even-minorities")
        {
            Description = "Synthetic: every ward gets its province's share of ethnic-minority households, as earlier versions wrote them. " +
                          "By default rural communes get 1.6× the province's share and urban wards 0.4×.",
        };
        var command = new Command("generate",
            "Write seeded synthetic files in the input contract. Without size options: the demo's files (phường Dị Sử, 9 residential groups, ~3,400 households, " +
            "and the synthetic phường Mẫu Hào until 2024; from the 2025 review both as phường Đường Hào, with the unit-change file; 2021–2025 unless --last-year). " +
            "With any of --provinces/--wards/--groups/--households: a synthetic population of that size, streamed to disk.")
        {
            output, seed, provinces, wards, groups, households, firstYear, lastYear, dirty, noSupports, noShocks, evenMinorities,
        };
        command.SetAction(parse =>
        {
            var synthetic = parse.GetValue(provinces) is not null || parse.GetValue(wards) is not null
                            || parse.GetValue(groups) is not null || parse.GetValue(households) is not null;
            var defaults = new GeneratorOptions();
            var options = new GeneratorOptions
            {
                Seed = parse.GetValue(seed),
                Demo = !synthetic,
                Provinces = parse.GetValue(provinces) ?? defaults.Provinces,
                WardsPerProvince = parse.GetValue(wards) ?? defaults.WardsPerProvince,
                GroupsPerWard = parse.GetValue(groups) ?? defaults.GroupsPerWard,
                HouseholdsPerWard = parse.GetValue(households) ?? defaults.HouseholdsPerWard,
                FirstYear = parse.GetValue(firstYear),
                LastYear = parse.GetValue(lastYear),
                DirtyRate = parse.GetValue(dirty) ?? (synthetic ? 0 : GeneratorOptions.DiSuDemo.DirtyRate),
                WriteSupports = !parse.GetValue(noSupports),
                Shocks = !parse.GetValue(noShocks),
                RuralMinorities = !parse.GetValue(evenMinorities),
            };
            var result = Generate(context, options, parse.GetValue(output)!);
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            context.Line($"đã ghi {result.Files.Count:N0} tệp vào {folder}: {result.Households:N0} hộ, {result.DirtyRows:N0} dòng cố ý sai",
                         $"wrote {result.Files.Count:N0} files to {folder}: {result.Households:N0} households, {result.DirtyRows:N0} deliberately bad rows");
            foreach (var file in result.Files)
                context.Line($"  {Path.GetFileName(file.Path)} ({file.Kind} {file.Year}, {file.Rows:N0} dòng)",
                             $"  {Path.GetFileName(file.Path)} ({file.Kind} {file.Year}, {file.Rows:N0} rows)");
            return Cli.Ok;
        });
        return command;
    }

    public static GeneratorResult Generate(CliContext context, GeneratorOptions options, string folder)
    {
        try
        {
            var generator = new SnapshotGenerator();
            if (!context.Interactive)
                return generator.Generate(options, folder);
            GeneratorResult? result = null;
            context.Console.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("generating households");
                    result = generator.Generate(options, folder, new ImmediateProgress<GeneratorProgress>(p =>
                    {
                        task.MaxValue = p.HouseholdsTotal;
                        task.Value = p.HouseholdsDone;
                    }));
                });
            return result!;
        }
        catch (GeneratorOptionException e)
        {
            throw new UsageException(e.Text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
