using System.CommandLine;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

internal static class QueryCommand
{
    public static Command Build(CliContext context)
    {
        var sql = new Argument<string>("sql") { Description = "The SQL to run (read-only; no file access)." };
        var mart = CommonOptions.Mart(context);
        var format = CommonOptions.Format();
        var command = new Command("query", "Run SQL on a read-only connection that cannot read or write files or change settings.")
        {
            sql, mart, format,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            try
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = parse.GetValue(sql)!;
                using var reader = cmd.ExecuteReader();
                ResultWriter.Write(reader, parse.GetValue(format), context.Out, context.Console);
                return Cli.Ok;
            }
            catch (DuckDBException e)
            {
                context.Error.WriteLine($"disu: {Explain(e.Message)}");
                return Cli.Failure;
            }
            catch (Exception e) when (e is InvalidCastException or ArgumentException or OverflowException
                                           or NotSupportedException or InvalidOperationException or FormatException)
            {
                // Values .NET cannot represent (DuckDB's infinite dates, unions, far timestamps).
                context.Error.WriteLine($"disu: a value in the result cannot be shown ({e.Message}); cast that column to VARCHAR in the query.");
                return Cli.Failure;
            }
        });
        return command;
    }

    /// <summary>Says why a statement was refused in words an officer can act on, with DuckDB's own message.</summary>
    public static string Explain(string message)
    {
        var first = message.Split('\n')[0].Trim();
        if (message.Contains("read-only", StringComparison.OrdinalIgnoreCase))
            return $"queries cannot change the mart (it is opened read-only); use 'disu etl load' to change data. DuckDB: {first}";
        if (message.Contains("external access", StringComparison.OrdinalIgnoreCase) || message.Contains("Permission Error", StringComparison.OrdinalIgnoreCase))
            return $"queries cannot read or write files or load extensions; query the mart's tables and views instead (see docs/mart.md). DuckDB: {first}";
        if (message.Contains("lock_configuration", StringComparison.OrdinalIgnoreCase) || message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
            return $"queries cannot change settings (the configuration is locked). DuckDB: {first}";
        return $"the query failed. DuckDB: {first}";
    }
}
