using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// What `disu settings --ward CODE --set KEY=VALUE` accepts: the ward's document settings
/// (<c>ward_setting</c>), which no review file carries and the documents print. Each rule turns
/// the typed text into the stored value, or refuses it with a message stating the rule. An empty
/// value clears the setting, and the documents fall back to their blank ("…") or default.
/// </summary>
internal sealed partial record WardSettingRule(string Name, Message Rule, string Description, Func<string, string?> Normalise)
{
    public const int MaxRecipients = 15;
    public const int MaxRecipientLength = 120;

    public static IReadOnlyList<WardSettingRule> All { get; } =
    [
        new("parent_unit",
            new("đơn vị cấp trên trực tiếp, ghi loại và tên, bắt đầu bằng huyện, quận, thị xã, thành phố hoặc tỉnh (ví dụ: thị xã Mỹ Hào)",
                "the unit directly above the ward, its kind and name, starting with huyện, quận, thị xã, thành phố or tỉnh (e.g. thị xã Mỹ Hào)"),
            "Đơn vị cấp trên trực tiếp, in ở dòng đầu tiêu đề văn bản (UBND THỊ XÃ MỸ HÀO); khi trống, dòng đầu là UBND tỉnh.",
            ParentUnit),
        new("plan_number",
            new("số và ký hiệu văn bản, ví dụ 125/KH-UBND", "a document number and code, e.g. 125/KH-UBND"),
            "Số, ký hiệu của kế hoạch giảm nghèo mà phụ lục trích dẫn; khi trống, văn bản in “…”.",
            PlanNumber),
        new("plan_date",
            new("một ngày dạng dd/MM/yyyy, ví dụ 15/01/2024", "a date as dd/MM/yyyy, e.g. 15/01/2024"),
            "Ngày ban hành kế hoạch (dd/MM/yyyy); khi trống, văn bản in “…”.",
            PlanDate),
        new("recipients",
            new($"các nơi nhận cách nhau bởi dấu ';' (tối đa {MaxRecipients} nơi, mỗi nơi tối đa {MaxRecipientLength} ký tự), ví dụ: Thường trực Đảng ủy, HĐND phường;Các tổ dân phố;Lưu: VT",
                $"the recipients separated by ';' (at most {MaxRecipients}, each at most {MaxRecipientLength} characters), e.g. Thường trực Đảng ủy, HĐND phường;Các tổ dân phố;Lưu: VT"),
            "Nơi nhận của báo cáo tóm tắt, các dòng cách nhau bởi ';'; khi trống, in nơi nhận mặc định theo loại đơn vị (Thường trực Đảng ủy, HĐND; các tổ dân phố hoặc thôn; Lưu: VT).",
            Recipients),
    ];

    public static string Names => string.Join(", ", All.Select(r => r.Name));

    public static WardSettingRule? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>Stores a checked value; an empty value removes the setting.</summary>
    public static void Store(DuckDBConnection connection, string ward, string key, string value)
    {
        if (value.Length == 0)
            connection.Execute("DELETE FROM ward_setting WHERE ward_code = ? AND key = ?", ward, key);
        else
            connection.Execute("INSERT OR REPLACE INTO ward_setting (ward_code, key, value) VALUES (?, ?, ?)", ward, key, value);
    }

    private static readonly string[] UnitKinds = ["thành phố", "thị xã", "huyện", "quận", "tỉnh"];

    /// <summary>"Thị xã Mỹ Hào" or "UBND thị xã Mỹ Hào" → "thị xã Mỹ Hào": the letterhead adds "UBND" itself.</summary>
    private static string? ParentUnit(string text)
    {
        var value = Spaces().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim();
        foreach (var prefix in new[] { "UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân " })
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                value = value[prefix.Length..].TrimStart();
        }
        var kind = UnitKinds.FirstOrDefault(k => value.StartsWith(k + " ", StringComparison.OrdinalIgnoreCase));
        if (kind is null || value.Length > 80)
            return null;
        return kind + value[kind.Length..];
    }

    private static string? PlanNumber(string text)
    {
        var value = text.Normalize(NormalizationForm.FormC).Trim();
        if (value.StartsWith("Số:", StringComparison.OrdinalIgnoreCase))
            value = value[3..].TrimStart();
        return DocumentNumber().IsMatch(value) ? value : null;
    }

    /// <summary>d/M/yyyy typed, dd/MM/yyyy stored: the documents print the stored text as it is.</summary>
    private static string? PlanDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 2000 and <= 2100
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// Entries trimmed of the dash and the end punctuation a typist may copy from a document
    /// ("- Lưu: VT."): the document adds its own, "- …;" and "- ….".
    /// </summary>
    private static string? Recipients(string text)
    {
        var entries = text.Normalize(NormalizationForm.FormC).Split(';')
            .Select(e => Spaces().Replace(e, " ").Trim().TrimStart('-', '–', '+', '•', ' ').TrimEnd('.', ',', ' '))
            .Where(e => e.Length > 0)
            .ToList();
        return entries.Count is > 0 and <= MaxRecipients && entries.All(e => e.Length <= MaxRecipientLength)
            ? string.Join(";", entries)
            : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>"125/KH-UBND", "07/2024/QĐ-UBND": a number, then the kind of document and the issuer in capitals.</summary>
    [GeneratedRegex(@"^\d{1,6}(/\d{4})?/[\p{Lu}\d][\p{Lu}\d.\-]{0,30}$")]
    private static partial Regex DocumentNumber();
}
