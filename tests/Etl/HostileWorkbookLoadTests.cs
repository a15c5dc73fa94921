using DiSu.Analytics.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>The loader reads workbooks through the same guard as the upload check: a hostile one is a refused file, not a stuck or failed load.</summary>
public sealed class HostileWorkbookLoadTests
{
    [Theory]
    [MemberData(nameof(HostileWorkbooks.Names), MemberType = typeof(HostileWorkbooks))]
    public void Should_refuse_a_hostile_workbook_as_a_whole_with_its_reason_and_load_nothing(string name)
    {
        using var mart = new TestMart();
        var workbook = HostileWorkbooks.Write(name, mart.Folder);

        var result = mart.Runner.Load([workbook.Path]).ShouldHaveSingleItem();

        result.Outcome.ShouldBe(LoadOutcome.Refused, result.Message?.En);
        result.Message.ShouldNotBeNull().En.ShouldContain(workbook.Reason, Case.Insensitive);
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(0);
        mart.Scalar<string>("SELECT outcome FROM etl_load").ShouldBe("refused");
        mart.Rejects().ShouldHaveSingleItem().Reason.ShouldStartWith("file refused: the workbook");
        // Refused by the structural check before the sheet is expanded, not by the guard's clock running out.
        result.Message.En.ShouldNotContain("took longer than");
    }
}
