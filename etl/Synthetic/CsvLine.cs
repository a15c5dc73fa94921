using System.Globalization;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// Builds one CSV record in a reused buffer and hands it to the writer in one call: the generator
/// writes hundreds of millions of fields, so no per-field strings are allocated.
/// </summary>
internal sealed class CsvLine(CsvFormat format)
{
    private char[] buffer = new char[512];
    private int length;
    private bool started;

    public CsvFormat Format { get; } = format;

    public void Field(string? value)
    {
        Separate();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny([Format.Separator, '"', '\r', '\n']) < 0)
        {
            Append(value);
            return;
        }

        // RFC 4180: quote only when needed, double embedded quotes.
        Append("\"");
        Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        Append("\"");
    }

    public void Field(long value)
    {
        Separate();
        Reserve(20);
        value.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
        length += written;
    }

    public void Field(bool value)
    {
        Separate();
        Reserve(1);
        buffer[length++] = value ? '1' : '0';
    }

    public void Empty() => Separate();

    public void WriteTo(TextWriter writer)
    {
        Append(Format.NewLine);
        writer.Write(buffer, 0, length);
        length = 0;
        started = false;
    }

    private void Separate()
    {
        if (started)
        {
            Reserve(1);
            buffer[length++] = Format.Separator;
        }

        started = true;
    }

    private void Append(string text)
    {
        Reserve(text.Length);
        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }

    private void Reserve(int more)
    {
        if (length + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
}

/// <summary>
/// The two shapes the contract accepts and the demo exercises: the review software's export
/// (Vietnamese headers, semicolons, BOM, CRLF) and a plain English CSV.
/// </summary>
internal sealed record CsvFormat(char Separator, string NewLine, bool ByteOrderMark, bool VietnameseHeaders)
{
    public static CsvFormat Plain { get; } = new(',', "\n", ByteOrderMark: false, VietnameseHeaders: false);

    public static CsvFormat ReviewSoftwareExport { get; } = new(';', "\r\n", ByteOrderMark: true, VietnameseHeaders: true);

    public static CsvFormat ForSnapshot(GeneratorOptions options, int year) =>
        options.Demo && year <= 2022 ? ReviewSoftwareExport : Plain;

    public System.Text.Encoding Encoding => new System.Text.UTF8Encoding(ByteOrderMark);
}
