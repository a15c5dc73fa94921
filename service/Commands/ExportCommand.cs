using System.CommandLine;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu export`: the mart as Parquet (+ views.sql), or one query's result as CSV or XLSX.</summary>
internal static class ExportCommand
{
    public static Command Build(CliContext context)
    {
        var export = new Command("export", "Write the mart, or a query's result, as files other tools open.");
        export.Subcommands.Add(BuildParquet(context));
        export.Subcommands.Add(BuildQuery(context, "csv"));
        export.Subcommands.Add(BuildQuery(context, "xlsx"));
        return export;
    }

    private static Command BuildParquet(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var output = new Option<string>("--out") { Description = "Folder to write (tables as folders of Parquet files, views.sql).", Required = true };
        var command = new Command("parquet",
            "Every table as Parquet — facts Hive-partitioned as province=…/year=… — and views.sql, which recreates the tables and every public view over those files.")
        {
            mart, output,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenForExport(parse.GetValue(mart)!);
            var result = ParquetExport.Run(connection, parse.GetValue(output)!, new ImmediateProgress<string>(t => context.Say($"đang xuất {t}", $"exporting {t}")));
            foreach (var table in result.Tables)
            {
                var partitions = string.Join("/", table.PartitionBy);
                context.Line($"{table.Name}: {table.Rows:N0} dòng{(table.PartitionBy.Count > 0 ? " theo " + partitions : "")}",
                             $"{table.Name}: {table.Rows:N0} rows{(table.PartitionBy.Count > 0 ? " by " + partitions : "")}");
            }
            context.Line($"{result.Tables.Count:N0} bảng và {result.Views.Count:N0} view trong {result.Folder}; mở bằng: duckdb -c \".read {result.ViewsScript}\"",
                         $"{result.Tables.Count:N0} tables and {result.Views.Count:N0} views in {result.Folder}; open them with: duckdb -c \".read {result.ViewsScript}\"");
            return Cli.Ok;
        });
        return command;
    }

    private static Command BuildQuery(CliContext context, string format)
    {
        var mart = CommonOptions.Mart(context);
        var query = new Option<string>("--query") { Description = "The SQL whose result to write (read-only, as disu query).", Required = true };
        var output = new Option<string>("--out") { Description = $"The .{format} file to write.", Required = true };
        var command = new Command(format, $"Write the result of --query as {format.ToUpperInvariant()}.") { mart, query, output };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written beside the file and moved over it at the end: a failed export leaves neither a
            // half file under the name asked for nor the .part behind.
            var temp = path + ".part";
            try
            {
                var (rows, problem) = Write(connection, parse.GetValue(query)!, temp, format);
                if (problem is not null)
                {
                    context.Error.WriteLine($"disu: {context.T(problem)}");
                    return Cli.Failure;
                }
                File.Move(temp, path, overwrite: true);
                context.Line($"đã ghi {rows:N0} dòng vào {path}", $"wrote {rows:N0} rows to {path}");
                return Cli.Ok;
            }
            finally
            {
                File.Delete(temp);
            }
        });
        return command;
    }

    private static (long Rows, Message? Problem) Write(DuckDBConnection connection, string sql, string path, string format)
    {
        using var stream = File.Create(path);
        if (format == "xlsx") return XlsxSheet.Write(connection, sql, stream);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true));
        var sink = ResultWriter.Sink(OutputFormat.Csv, writer, Spectre.Console.AnsiConsole.Console);
        var problem = OfficerSql.Run(connection, sql, sink);
        return (problem is null ? sink.Finish() : 0, problem);
    }
}
