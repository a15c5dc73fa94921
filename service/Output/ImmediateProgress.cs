namespace DiSu.Analytics.Service.Output;

/// <summary>
/// Reports on the caller's thread, in order; <see cref="Progress{T}"/> would post to the thread
/// pool and let a progress bar jump backwards.
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
