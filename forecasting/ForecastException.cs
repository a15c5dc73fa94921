using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// A forecast cannot be made from what the mart holds; the message says what to load or run.
/// An <see cref="InvalidOperationException"/>, as before, so that callers catching that still do.
/// </summary>
public sealed class ForecastException(Message text) : InvalidOperationException(text.Vi), IHasMessage
{
    public ForecastException(Phrase vi, Phrase en) : this(DiSu.Analytics.Mart.Text.Message.Of(vi, en)) { }

    /// <summary>The message in both languages; <see cref="Exception.Message"/> is the Vietnamese.</summary>
    public Message Text { get; } = text;
}
