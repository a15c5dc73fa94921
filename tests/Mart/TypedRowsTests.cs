using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Mart;

public sealed class TypedRowsTests : IDisposable
{
    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    public TypedRowsTests() => connection.Open();

    public void Dispose() => connection.Dispose();

    private sealed record Count
    {
        public required string WardCode { get; init; }
        public long Poor { get; init; }
        public double Rate { get; init; }
        public int? Target { get; init; }
    }

    [Theory]
    [InlineData("SELECT 'DISU' AS ward_code, 15::BIGINT AS poor, 0.0044 AS rate, NULL::INTEGER AS target")]
    [InlineData("SELECT NULL::INTEGER AS target, 0.0044 AS rate, 15::BIGINT AS poor, 'DISU' AS ward_code")]
    [InlineData("SELECT 0.0044::DOUBLE AS rate, 'DISU' AS WardCode, sum(x) AS poor, NULL AS target, 'extra' AS ignored FROM (VALUES (7), (8)) t(x)")]
    public void Should_read_a_row_by_column_name_whatever_the_order_and_the_integer_type(string sql)
    {
        var row = connection.ReadSingle<Count>(sql);
        row.ShouldBe(new Count { WardCode = "DISU", Poor = 15, Rate = 0.0044, Target = null });
    }

    [Fact]
    public void Should_refuse_a_query_that_lacks_a_column_the_row_type_needs_instead_of_reading_zero()
    {
        var error = Should.Throw<InvalidOperationException>(() => connection.Read<Count>("SELECT 'DISU' AS ward_code, 15 AS poor_households, 0.1 AS rate, 1 AS target"));
        error.Message.ShouldContain("Count.Poor");
        error.Message.ShouldContain("poor_households");
    }

    [Fact]
    public void Should_refuse_a_null_where_the_row_type_needs_a_value_instead_of_reading_zero()
    {
        Should.Throw<MartException>(() => connection.Read<Count>("SELECT 'DISU' AS ward_code, NULL::BIGINT AS poor, 0.1 AS rate, 1 AS target"))
            .Message.ShouldContain("poor");
        Should.Throw<MartException>(() => connection.Read<Count>("SELECT NULL::VARCHAR AS ward_code, 1 AS poor, 0.1 AS rate, 1 AS target"))
            .Message.ShouldContain("ward_code");
    }

    private sealed record Lists
    {
        public string[] Codes { get; init; } = [];
        public long[] Counts { get; init; } = [];
        public DateOnly Day { get; init; }
        public DateTime At { get; init; }
        public decimal Money { get; init; }
    }

    [Fact]
    public void Should_read_lists_dates_timestamps_and_decimals()
    {
        var row = connection.ReadSingle<Lists>("SELECT ['A', 'B'] AS codes, [1, 2]::BIGINT[] AS counts, DATE '2024-03-01' AS day, TIMESTAMP '2024-03-01 07:30:00' AS at, 12.50::DECIMAL(9,2) AS money");
        row.Codes.ShouldBe(["A", "B"]);
        row.Counts.ShouldBe([1L, 2L]);
        row.Day.ShouldBe(new DateOnly(2024, 3, 1));
        row.At.ShouldBe(new DateTime(2024, 3, 1, 7, 30, 0));
        row.Money.ShouldBe(12.50m);
    }

    [Fact]
    public void Should_bind_parameters_in_order_and_by_name()
    {
        connection.Read<Count>("SELECT ?::VARCHAR AS ward_code, ?::BIGINT AS poor, 0.5 AS rate, NULL AS target", "NHAN", 3L).Single().Poor.ShouldBe(3);
        connection.ReadSingle<Count>("SELECT $ward AS ward_code, 1 AS poor, 0.5 AS rate, NULL AS target", new DuckDBParameter("ward", "DISU")).WardCode.ShouldBe("DISU");
    }

    [Fact]
    public void Should_say_how_many_rows_came_when_one_was_expected()
    {
        Should.Throw<MartException>(() => connection.ReadSingle<Count>("SELECT 'A' AS ward_code, 1 AS poor, 0.5 AS rate, NULL AS target WHERE false")).Message.ShouldContain("0");
        connection.ReadSingleOrDefault<Count>("SELECT 'A' AS ward_code, 1 AS poor, 0.5 AS rate, NULL AS target WHERE false").ShouldBeNull();
    }
}
