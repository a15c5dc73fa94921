using System.Globalization;
using System.Text;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// What a hostile input file carries to attack whoever opens our CSV and XLSX in a spreadsheet
/// (OWASP's CSV-injection examples), and how the tests read those files back.
/// </summary>
public static class Hostile
{
    /// <summary>OWASP's list of first characters that make a spreadsheet evaluate a cell.</summary>
    public const string FormulaStarts = "=+-@\t\r";

    public static readonly string[] Values = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];

    /// <summary>
    /// Ward DISU in 2023 and 2024 with one residential group per hostile value, named with it: 12
    /// households each, 4 poor in 2023 and 2 in 2024, so the groups' Alkire–Foster M0 falls (a
    /// negative change the reports must keep as a number).
    /// </summary>
    public static List<SnapshotRow> Groups(int year) =>
        Values.SelectMany((name, g) => Enumerable.Range(0, 12).Select(i =>
        {
            var row = new SnapshotRow($"DISU-{g}-{i:D2}", year).InGroup($"TDP{g + 1:D2}", name);
            return i < (year == 2023 ? 4 : 2) ? row.Poor() : row.NotPoor();
        })).ToList();

    /// <summary>One valid household (so the file loads) and one row per hostile value in an integer column, each rejected with the value quoted.</summary>
    public static List<SnapshotRow> BadMembers(int year = 2024) =>
        Values.Select((value, i) => new SnapshotRow($"BAD-{i}", year).With("members", value)).Prepend(new SnapshotRow("GOOD-0", year)).ToList();

    /// <summary>RFC 4180 fields: quoted fields may hold the separator, doubled quotes, CR and LF.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    /// <summary>The column's fields below the header.</summary>
    public static List<string> Column(List<List<string>> csv, string header)
    {
        var index = csv[0].IndexOf(header);
        index.ShouldBeGreaterThanOrEqualTo(0, $"no column {header} in {string.Join(",", csv[0])}");
        return csv.Skip(1).Select(r => r[index]).ToList();
    }

    /// <summary>
    /// Every field a spreadsheet would run is gone: a field that starts with a formula character is
    /// a plain number (which we write unquoted, see <see cref="ShouldBePlainNumber"/>).
    /// </summary>
    public static void ShouldHoldNoFormula(List<List<string>> csv, string file)
    {
        foreach (var field in csv.SelectMany(r => r).Where(f => f.Length > 0 && FormulaStarts.Contains(f[0], StringComparison.Ordinal)))
            double.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _)
                .ShouldBeTrue($"{file}: '{field}' would run as a formula");
    }

    /// <summary>The number appears in the raw CSV as bare digits: no quote, no apostrophe.</summary>
    public static void ShouldBePlainNumber(string rawCsv, string number) =>
        rawCsv.ShouldMatch($"(^|[,\\n]){System.Text.RegularExpressions.Regex.Escape(number)}(\\r?\\n|,|$)");
}
