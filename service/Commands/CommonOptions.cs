using System.CommandLine;
using DiSu.Analytics.Service.Output;

namespace DiSu.Analytics.Service.Commands;

internal static class CommonOptions
{
    public static Option<string> Mart(CliContext context) => new("--mart")
    {
        Description = $"The mart file (DuckDB). Default from configuration: {context.Options.Mart}",
        DefaultValueFactory = _ => context.Options.Mart,
    };

    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "Output format: table, csv or json.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}
