using System.Text;

namespace DiSu.Analytics.Tests.Synthetic;

/// <summary>
/// A generated CSV read back the way the contract describes it: BOM optional, comma or semicolon,
/// RFC 4180 quoting, Vietnamese header aliases mapped to the English names.
/// </summary>
public sealed record GeneratedCsv(
    bool HasBom,
    char Separator,
    string LineEnd,
    IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    public static GeneratedCsv Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var hasBom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, hasBom ? 3 : 0, bytes.Length - (hasBom ? 3 : 0));
        var firstLine = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        var separator = firstLine.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var lineEnd = firstLine.EndsWith('\r') ? "\r\n" : "\n";

        var records = Parse(text, separator);
        var header = records[0].Select(ContractRules.EnglishName).ToArray();
        var rows = records.Skip(1)
            .Select(r =>
            {
                r.Count.ShouldBe(header.Length, $"{Path.GetFileName(path)}: a row has {r.Count} fields, the header {header.Length}");
                return (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second);
            })
            .ToArray();
        return new GeneratedCsv(hasBom, separator, lineEnd, header, rows);
    }

    public IEnumerable<IReadOnlyDictionary<string, string>> RealRows =>
        Rows.Where(r => !r["household_id"].StartsWith("BAD-", StringComparison.Ordinal));

    public IEnumerable<IReadOnlyDictionary<string, string>> BadRows =>
        Rows.Where(r => r["household_id"].StartsWith("BAD-", StringComparison.Ordinal));

    private static List<List<string>> Parse(string text, char separator)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
