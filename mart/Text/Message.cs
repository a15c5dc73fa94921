using System.Globalization;

namespace DiSu.Analytics.Mart.Text;

/// <summary>The language of what a person reads: Vietnamese by default, English with <c>--lang en</c> or the <c>Disu:Language</c> setting.</summary>
public enum Language
{
    Vietnamese,
    English,
}

/// <summary>Names and number formats of the two languages.</summary>
public static class Languages
{
    /// <summary>Numbers in Vietnamese text: 3.407 hộ, 0,44%.</summary>
    public static CultureInfo Vietnamese { get; } = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>
    /// Numbers in English text: the invariant culture (3,407 rows, 0.44%), the same as machine
    /// formats, so that an English output never mixes two styles.
    /// </summary>
    public static CultureInfo English => CultureInfo.InvariantCulture;

    public static CultureInfo Culture(this Language language) => language == Language.English ? English : Vietnamese;

    /// <summary>The code as written on the command line and in settings: <c>vi</c> or <c>en</c>.</summary>
    public static string Code(this Language language) => language == Language.English ? "en" : "vi";

    /// <summary><c>vi</c>/<c>en</c> (also <c>vi-VN</c>, <c>en-US</c>, any case); null for anything else.</summary>
    public static Language? Parse(string? text)
    {
        var code = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code)) return null;
        var dash = code.IndexOfAny(['-', '_']);
        return (dash > 0 ? code[..dash] : code) switch
        {
            "vi" => Language.Vietnamese,
            "en" => Language.English,
            _ => null,
        };
    }
}

/// <summary>
/// A sentence for people, in Vietnamese, with its English beside it for tools, logs and
/// <c>--lang en</c>. Both are written where the sentence is made, so they never drift apart.
/// </summary>
public sealed record Message(string Vi, string En)
{
    public string In(Language language) => language == Language.English ? En : Vi;

    public override string ToString() => Vi;

    /// <summary>
    /// A message from two interpolated strings, each formatted the way its readers write numbers:
    /// <c>{rows:N0}</c> is 3.407 in the Vietnamese and 3,407 in the English.
    /// </summary>
    public static Message Of(Phrase vi, Phrase en) =>
        new(vi.ToString(Languages.Vietnamese), en.ToString(Languages.English));

    /// <summary>A text that reads the same in both languages (a file name, a code, a value).</summary>
    public static Message Same(string text) => new(text, text);

    /// <summary>This message with text put before it in each language.</summary>
    public Message After(string vi, string en) => new(vi + Vi, en + En);

    /// <summary>This message with text put after it in each language.</summary>
    public Message Then(string vi, string en) => new(Vi + vi, En + en);

    /// <summary>The messages joined with <paramref name="separator"/>, each language with its own.</summary>
    public static Message Join(string separator, IEnumerable<Message> messages)
    {
        var list = messages.ToList();
        return new(string.Join(separator, list.Select(m => m.Vi)), string.Join(separator, list.Select(m => m.En)));
    }
}

/// <summary>An exception whose message a person reads; <see cref="Exception.Message"/> is the Vietnamese.</summary>
public interface IHasMessage
{
    Message Text { get; }
}

/// <summary>What an exception says, in either language, whether or not it carries a <see cref="Message"/>.</summary>
public static class ExceptionMessages
{
    /// <summary>The exception's message in both languages; one that has only a text reads the same in both.</summary>
    public static Message Said(this Exception e) => e is IHasMessage m ? m.Text : Message.Same(e.Message);

    /// <summary>The English, for logs, job records and tools.</summary>
    public static string English(this Exception e) => e.Said().En;
}
