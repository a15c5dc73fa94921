using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// A forecast cannot be made from what the mart holds: no household data for the scope or base
/// year, too little history or a single outcome to train on, no stored model, or one that does not
/// fit this build or this base year. The person can fix it (load, train, choose another year), so it
/// is a <see cref="MartException"/>, caught and said in their language where those are; a programming
/// error in forecasting stays an <see cref="InvalidOperationException"/> and is not mistaken for one.
/// </summary>
public sealed class ForecastException : MartException
{
    public ForecastException(Message text) : base(text) { }

    public ForecastException(Phrase vi, Phrase en) : base(vi, en) { }
}
