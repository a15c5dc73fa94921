using DiSu.Analytics.Mart.Text;
using TextMessage = DiSu.Analytics.Mart.Text.Message;

namespace DiSu.Analytics.Mart;

/// <summary>A problem with the mart file that the user can act on; the message says what to do.</summary>
public class MartException : Exception, IHasMessage
{
    /// <summary>A message that reads the same in both languages (a reason passed on as it came).</summary>
    public MartException(string message, Exception? inner = null)
        : this(TextMessage.Same(message), inner) { }

    public MartException(Message text, Exception? inner = null)
        : base(text.Vi, inner) => Text = text;

    public MartException(Phrase vi, Phrase en, Exception? inner = null)
        : this(TextMessage.Of(vi, en), inner) { }

    /// <summary>The message in both languages; <see cref="Exception.Message"/> is the Vietnamese.</summary>
    public Message Text { get; }
}

/// <summary>Another process holds the mart open for writing (DuckDB allows one writer per file).</summary>
public sealed class MartLockedException(Message text, Exception inner) : MartException(text, inner);

/// <summary>The mart was written by a newer build, or its schema cannot be upgraded.</summary>
public sealed class MartSchemaException : MartException
{
    public MartSchemaException(string message) : base(message) { }

    public MartSchemaException(Message text) : base(text) { }
}
