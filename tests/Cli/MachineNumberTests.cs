using System.Globalization;
using System.Text.Json;
using CsCheck;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Service.Output;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>
/// CSV and JSON are for tools: every double a query returns is written so that parsing the text
/// back (invariant culture) gives the same double, whatever its size or sign. NaN and the
/// infinities are spelt NaN, Infinity and -Infinity, which .NET, DuckDB and System.Text.Json's
/// named literals read back.
/// </summary>
public sealed class MachineNumberTests
{
    /// <summary>
    /// Every bit pattern (huge, tiny, negative, NaN payloads, ±∞), subnormals of both signs, the
    /// special values, and the ordinary rates and counts a mart holds.
    /// </summary>
    private static readonly Gen<double> AnyDouble = Gen.Frequency(
        (4, Gen.Long.Select(BitConverter.Int64BitsToDouble)),
        (2, Gen.Long[1, 0x000F_FFFF_FFFF_FFFF].Select(Gen.Bool, (bits, negative) => BitConverter.Int64BitsToDouble(bits) * (negative ? -1 : 1))),
        (1, Gen.Double.Special),
        (2, Gen.Int[0, 5000].Select(Gen.Int[1, 5000], (poor, households) => 100.0 * poor / households)),
        (1, Gen.Double[-1e6, 1e6]));

    [Fact]
    public void Should_spell_every_double_so_that_it_parses_back_to_the_same_double()
    {
        AnyDouble.Sample(d => ShouldBeSame(double.Parse(InvariantNumber.Format(d), CultureInfo.InvariantCulture), d), iter: 20_000);
    }

    [Fact]
    public void Should_write_every_double_of_a_query_result_to_csv_and_json_so_that_it_parses_back()
    {
        AnyDouble.Array[1, 60].Sample(values =>
        {
            using var duckdb = new DuckDBConnection("Data Source=:memory:");
            duckdb.Open();
            using (var create = duckdb.CreateCommand())
            {
                create.CommandText = "CREATE TABLE t (i INTEGER, x DOUBLE)";
                create.ExecuteNonQuery();
            }
            using (var appender = duckdb.CreateAppender("t"))
            {
                for (var i = 0; i < values.Length; i++)
                    appender.CreateRow().AppendValue(i).AppendValue(values[i]).EndRow();
            }

            var csv = Run(duckdb, OutputFormat.Csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            csv[0].TrimEnd('\r').ShouldBe("x");
            for (var i = 0; i < values.Length; i++)
                ShouldBeSame(double.Parse(csv[i + 1].TrimEnd('\r'), CultureInfo.InvariantCulture), values[i]);

            var json = JsonDocument.Parse(Run(duckdb, OutputFormat.Json)).RootElement;
            var named = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
            for (var i = 0; i < values.Length; i++)
                ShouldBeSame(json[i].GetProperty("x").Deserialize<double>(named), values[i]);
        }, iter: 150);
    }

    [Fact]
    public void Should_print_a_tiny_number_and_a_fraction_in_query_csv_as_the_doubles_they_are()
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);

        var run = CliRun.Of("query", "--mart", mart, "--format", "csv", "SELECT 1e-7 AS x, 2/306 AS y, 4.9e-6 AS z");

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Trim().ShouldBe("x,y,z");
        var values = lines[1].Trim().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        values[0].ShouldBe(1e-7);
        values[1].ShouldBe(2.0 / 306);
        values[2].ShouldBe(4.9e-6);
    }

    [Fact]
    public void Should_carry_full_precision_in_query_json_and_in_export_csv()
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);
        const string Sql = "SELECT 1e-7 AS x, 2/306 AS y, 'Infinity'::DOUBLE AS inf, '-Infinity'::DOUBLE AS minus_inf, 'NaN'::DOUBLE AS nan";

        var json = CliRun.Of("query", "--mart", mart, "--format", "json", Sql);
        json.ExitCode.ShouldBe(0, json.Error);
        var row = JsonDocument.Parse(json.Out).RootElement[0];
        row.GetProperty("x").GetDouble().ShouldBe(1e-7);
        row.GetProperty("y").GetDouble().ShouldBe(2.0 / 306);
        row.GetProperty("inf").GetString().ShouldBe("Infinity");
        row.GetProperty("minus_inf").GetString().ShouldBe("-Infinity");
        row.GetProperty("nan").GetString().ShouldBe("NaN");

        var export = CliRun.Of("export", "csv", "--mart", mart, "--query", Sql, "--out", folder.File("out.csv"));
        export.ExitCode.ShouldBe(0, export.Error);
        var fields = File.ReadAllLines(folder.File("out.csv"))[1].Split(',');
        // Non-finite values are numbers we wrote, not text from a file: no formula apostrophe, so they parse back.
        fields.ShouldBe(["1E-07", (2.0 / 306).ToString("R", CultureInfo.InvariantCulture), "Infinity", "-Infinity", "NaN"]);
        fields.Select(f => double.Parse(f, CultureInfo.InvariantCulture)).Take(2).ShouldBe([1e-7, 2.0 / 306]);
    }

    [Fact]
    public void Should_store_full_doubles_as_numeric_cells_in_export_xlsx()
    {
        using var folder = new TempFolder();
        var mart = Migrated(folder);
        var path = folder.File("out.xlsx");

        var run = CliRun.Of("export", "xlsx", "--mart", mart, "--query", "SELECT 1e-7 AS x, 2/306 AS y, 2024 AS review_year, true AS yes", "--out", path);

        run.ExitCode.ShouldBe(0, run.Error);
        var sheet = XlsxCells.Read(path).ShouldHaveSingleItem();
        sheet.Name.ShouldBe("Kết quả");
        sheet.Cell("A2").Number.ShouldBe(1e-7);
        sheet.Cell("B2").Number.ShouldBe(2.0 / 306);
        sheet.Cell("C2").Format.ShouldBe("0", "a whole number in a query result may be a year: no thousands separator");
        sheet.Cell("D2").Type.ShouldBe("b", "a machine export keeps booleans as TRUE/FALSE");
    }

    private static string Run(DuckDBConnection duckdb, OutputFormat format)
    {
        using var command = duckdb.CreateCommand();
        command.CommandText = "SELECT x FROM t ORDER BY i";
        using var reader = command.ExecuteReader();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        ResultWriter.Write(reader, format, output, Spectre.Console.AnsiConsole.Console);
        return output.ToString();
    }

    private static void ShouldBeSame(double actual, double expected)
    {
        if (double.IsNaN(expected))
            double.IsNaN(actual).ShouldBeTrue($"NaN came back as {actual}");
        else
            BitConverter.DoubleToInt64Bits(actual).ShouldBe(BitConverter.DoubleToInt64Bits(expected), $"{expected:R} came back as {actual:R}");
    }

    /// <summary>An empty migrated mart (what `disu migrate` makes), copied from the run's template.</summary>
    private static string Migrated(TempFolder folder) => TestMart.EmptyAt(folder.File("m.duckdb"));
}
