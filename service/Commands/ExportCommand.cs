using System.CommandLine;
using DiSu.Analytics.Mart.Export;
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
            if (!QueryCommand.Allowed(context, parse.GetValue(query)!)) return Cli.Failure;
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            try
            {
                var rows = Write(connection, parse.GetValue(query)!, path, format);
                context.Line($"đã ghi {rows:N0} dòng vào {path}", $"wrote {rows:N0} rows to {path}");
                return Cli.Ok;
            }
            catch (DuckDBException e)
            {
                context.Error.WriteLine($"disu: {context.T(QueryCommand.Explain(e.Message))}");
                return Cli.Failure;
            }
        });
        return command;
    }

    private static long Write(DuckDBConnection connection, string sql, string path, string format)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        long rows;
        using (var stream = File.Create(temp))
        {
            if (format == "xlsx")
            {
                using var book = new XlsxWorkbook(stream);
                var headers = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                rows = book.AddSheet("Kết quả", headers, XlsxRows(reader));
            }
            else
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true));
                rows = ResultWriter.Write(reader, OutputFormat.Csv, writer, Spectre.Console.AnsiConsole.Console);
            }
        }
        File.Move(temp, path, overwrite: true);
        return rows;
    }

    /// <summary>
    /// The result's rows as XLSX cells, streamed: numbers as numeric cells (whole numbers under
    /// format <c>0</c>, so a year stays 2024; others in General, the full double stored), dates as
    /// dates, booleans as TRUE/FALSE, lists, structs and blobs as the text CSV gives them.
    /// </summary>
    private static IEnumerable<IReadOnlyList<XlsxCell>> XlsxRows(System.Data.Common.DbDataReader reader)
    {
        while (reader.Read())
        {
            var cells = new XlsxCell[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                cells[i] = value switch
                {
                    null => new XlsxCell(null),
                    double or float or decimal or System.Half => new XlsxCell(value),
                    _ when InvariantNumber.IsNumber(value) => new XlsxCell(value, XlsxFormats.Integer),
                    string or bool or DateTime or DateOnly or DateTimeOffset or TimeOnly or TimeSpan => new XlsxCell(value),
                    _ => new XlsxCell(ResultWriter.MachineText(value)),
                };
            }
            yield return cells;
        }
    }
}
