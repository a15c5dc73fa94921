using System.Globalization;

namespace DiSu.Analytics.Service.Queries;

/// <summary>The SQL types a saved query may declare for a parameter.</summary>
public enum QueryParameterType { Integer, Double, Varchar, Boolean, Date }

/// <summary>
/// One declared parameter of a saved query (<c>-- param: year INTEGER = 2024  Năm rà soát / Review year</c>).
/// Values arrive as text and are converted here, with the invariant culture, to the declared type;
/// they are only ever bound, never put into the SQL text.
/// </summary>
public sealed record QueryParameter(string Name, QueryParameterType Type, string? Default, string Description)
{
    public string TypeName => Type.ToString().ToUpperInvariant();

    /// <summary>How the parameter reads in a usage line: <c>year INTEGER</c> or <c>ward VARCHAR = DISU</c>.</summary>
    public string Signature => Default is null ? $"{Name} {TypeName}" : $"{Name} {TypeName} = {Default}";

    public object Convert(string text)
    {
        var value = text.Trim();
        object? converted = Type switch
        {
            QueryParameterType.Integer => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null,
            QueryParameterType.Double => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            QueryParameterType.Boolean => value.ToUpperInvariant() switch
            {
                "TRUE" or "1" or "YES" or "CO" or "CÓ" => true,
                "FALSE" or "0" or "NO" or "KHONG" or "KHÔNG" => false,
                _ => null,
            },
            QueryParameterType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null,
            // Text is taken as given (not trimmed): it is data, whatever it contains.
            _ => text,
        };
        return converted ?? throw new UsageException(
            $"tham số '{Name}' phải là {RuleVi}; giá trị nhận được là '{text}'.",
            $"parameter '{Name}' must be {Rule}; got '{text}'.");
    }

    /// <summary>The rule a value must follow, in Vietnamese.</summary>
    public string RuleVi => Type switch
    {
        QueryParameterType.Integer => "một INTEGER (số nguyên như 2024, không có dấu phân cách)",
        QueryParameterType.Double => "một DOUBLE (số có dấu chấm thập phân, ví dụ 0.5)",
        QueryParameterType.Boolean => "một BOOLEAN (true hoặc false)",
        QueryParameterType.Date => "một DATE viết dạng yyyy-MM-dd (ví dụ 2024-12-31)",
        _ => "văn bản (VARCHAR)",
    };

    /// <summary>The rule a value must follow, in words.</summary>
    public string Rule => Type switch
    {
        QueryParameterType.Integer => "an INTEGER (a whole number such as 2024, no separators)",
        QueryParameterType.Double => "a DOUBLE (a number with a point as decimal separator, e.g. 0.5)",
        QueryParameterType.Boolean => "a BOOLEAN (true or false)",
        QueryParameterType.Date => "a DATE written yyyy-MM-dd (e.g. 2024-12-31)",
        _ => "text (VARCHAR)",
    };
}
