using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>Documents name the version of the standard that classified the numbers they print.</summary>
public sealed class StandardVersionProvenanceTests
{
    [Fact]
    public void Should_name_version_1_on_the_demos_documents()
    {
        var appendix = DemoMartFixture.Appendix2024;

        appendix.Provenance.StandardVersion.ShouldBe("1");
        appendix.Decoration.Footer.ShouldContain("Chuẩn nghèo: Nghị định 07/2021/NĐ-CP (phiên bản 1)");
        appendix.Provenance.Fields().ShouldContain(("Phiên bản chuẩn nghèo (standard version)", "1"));
    }

    [Fact]
    public void Should_name_the_version_that_classified_the_rows_version_2_after_a_reclassification()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var file = mart.Folder.File("corrected.json");
        File.WriteAllText(file, """{ "standards": [ { "id": "ND07_2021", "urban_line": 2600000 } ] }""");
        StandardsCorrection.Apply(mart.Connection, file, mart.Clock, "tests");
        // Recorded but not yet applied: the 2024 rows were still classified by version 1.
        Provenance.Read(mart.Connection, DemoMartFixture.Ward, 2024, null, []).StandardVersion.ShouldBe("1");

        new Reclassifier(mart.Connection, mart.Clock, "tests").Run("ND07_2021");
        var report = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2024, DemoMartFixture.Ward));

        report.Decoration.Footer.ShouldContain("Chuẩn nghèo: Nghị định 07/2021/NĐ-CP (phiên bản 2)");
        PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, mart.Folder.File("pdf")).Single()).All
            .ShouldContain("Chuẩn nghèo: Nghị định 07/2021/NĐ-CP (phiên bản 2)");
    }
}
