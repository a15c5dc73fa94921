namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Interrupts a connection's statement once a token is cancelled, and again every 100 ms until
/// disposed: DuckDB forgets an interrupt that arrives before a statement starts (measured on
/// 1.5.6), so one call could be lost between two statements. After <see cref="Dispose"/> returns
/// no interrupt is sent, so a connection reused by the caller is never hit by a late one.
/// </summary>
internal sealed class Interrupter : IDisposable
{
    private static readonly TimeSpan Repeat = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private readonly Action interrupt;
    private readonly Timer timer;
    private readonly CancellationTokenRegistration registration;
    private bool disposed;

    public Interrupter(Action interrupt, CancellationToken token)
    {
        this.interrupt = interrupt;
        timer = new Timer(_ => Fire());
        registration = token.Register(() =>
        {
            lock (gate)
            {
                if (!disposed) timer.Change(TimeSpan.Zero, Repeat);
            }
        });
    }

    private void Fire()
    {
        lock (gate)
        {
            if (!disposed) interrupt();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }
        registration.Dispose();
        timer.Dispose();
    }
}
