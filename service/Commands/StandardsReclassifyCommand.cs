using System.CommandLine;

namespace DiSu.Analytics.Service.Commands;

// Scaffolding for issue 18: replaced by the real `disu standards reclassify` on its branch before it merges.
internal static class StandardsReclassifyCommand
{
    public static Command Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("reclassify", "(in progress)") { Hidden = true };
        command.SetAction(_ => Cli.Usage);
        return command;
    }
}
