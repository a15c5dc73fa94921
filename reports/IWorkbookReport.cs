namespace DiSu.Analytics.Reports;

/// <summary>
/// A report whose XLSX is laid out as a printed form (merged header cells, page setup, signature
/// blocks) rather than one plain sheet per <see cref="IReport.Sheets"/> table: it writes the
/// workbook itself, and <see cref="ReportFiles"/> uses that for its XLSX.
/// </summary>
public interface IWorkbookReport
{
    /// <summary>Writes the whole workbook, the provenance sheet included.</summary>
    void WriteXlsx(Stream output);
}
