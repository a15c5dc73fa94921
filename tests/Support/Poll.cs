namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// Waits for what another thread or process does (a job run recorded, a file archived, a line
/// logged): looks at once, then again after 10 ms, 20 ms, … up to every 100 ms, so that a quick
/// event costs the test no fixed sleep and a slow one does not keep a core busy. The deadline only
/// bounds a hang on a busy machine; nothing here measures speed.
/// </summary>
public static class Poll
{
    /// <summary>How long a test waits for something that takes milliseconds on an idle machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether <paramref name="condition"/> came true within <paramref name="timeout"/> (default <see cref="Patience"/>).</summary>
    public static Task<bool> Within(Func<bool> condition, TimeSpan? timeout = null) =>
        Within(() => Task.FromResult(condition()), timeout);

    /// <inheritdoc cref="Within(Func{bool}, TimeSpan?)"/>
    public static async Task<bool> Within(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var (done, _) = await Read(condition, held => held, timeout);
        return done;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> (and what <paramref name="seen"/> reports then) if it does not in time.</summary>
    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? seen = null) =>
        Until(() => Task.FromResult(condition()), what, timeout, seen);

    /// <inheritdoc cref="Until(Func{bool}, string, TimeSpan?, Func{string}?)"/>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? seen = null)
    {
        if (await Within(condition, timeout)) return;
        throw new TimeoutException($"waited {(timeout ?? Patience).TotalSeconds:0} s for {what}" + (seen is null ? "" : "; saw " + seen()));
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds for what was read, or the time is up; returns the
    /// last value read either way (with whether it was done), for the test to assert on.
    /// </summary>
    public static async Task<(bool Done, T Last)> Read<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var value = await read();
            if (done(value)) return (true, value);
            if (DateTime.UtcNow > deadline) return (false, value);
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, Longest.Ticks));
        }
    }
}
