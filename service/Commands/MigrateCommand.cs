using System.CommandLine;

namespace DiSu.Analytics.Service.Commands;

internal static class MigrateCommand
{
    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var command = new Command("migrate", "Create the mart, or upgrade an older one to this build's schema.") { mart };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(mart)!;
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, context.Clock, context.Options.MemoryLimit);
            var version = DiSu.Analytics.Mart.MartMigrator.CurrentVersion(connection);
            context.Line($"kho dữ liệu {Path.GetFullPath(path)} ở phiên bản lược đồ {version}", $"mart {Path.GetFullPath(path)} is at schema version {version}");
            return Cli.Ok;
        });
        return command;
    }
}
