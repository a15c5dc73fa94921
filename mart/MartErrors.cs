using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Mart;

/// <summary>A problem with the mart file that the user can act on; the message says what to do.</summary>
public class MartException(string message, Exception? inner = null) : Exception(message, inner), IHasMessage
{
    public MartException(Message text, Exception? inner = null)
        : this(text.Vi, inner) => Text = text;

    /// <summary>The message in both languages; a message made from one string reads the same in both.</summary>
    public Message Text { get; } = new(message, message);
}

/// <summary>Another process holds the mart open for writing (DuckDB allows one writer per file).</summary>
public sealed class MartLockedException(string message, Exception inner) : MartException(message, inner);

/// <summary>The mart was written by a newer build, or its schema cannot be upgraded.</summary>
public sealed class MartSchemaException(string message) : MartException(message);
