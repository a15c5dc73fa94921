namespace DiSu.Analytics.Mart.Text;

/// <summary>The language of what a person reads: Vietnamese by default, English with <c>--lang en</c> or the <c>Disu:Language</c> setting.</summary>
public enum Language
{
    Vietnamese,
    English,
}

/// <summary>
/// A sentence for people, in Vietnamese, with its English beside it for tools, logs and
/// <c>--lang en</c>. Both are written where the sentence is made, so they never drift apart.
/// </summary>
public sealed record Message(string Vi, string En)
{
    public string In(Language language) => language == Language.English ? En : Vi;

    public override string ToString() => Vi;
}

/// <summary>An exception whose message a person reads; <see cref="Exception.Message"/> is the Vietnamese.</summary>
public interface IHasMessage
{
    Message Text { get; }
}
