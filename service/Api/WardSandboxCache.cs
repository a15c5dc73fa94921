using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Service.Serve;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// One <see cref="WardSandbox"/> per ward for the SQL of ward-restricted keys, built on first use
/// and kept while the mart is unchanged.
/// <para>
/// <b>When the mart changed.</b> The cache is keyed on the mart's files: size and write time of the
/// database file and of its write-ahead log. Every committed write — an inbox load, a forecast, a
/// job_run record, a settings change, or another process writing between the service's reads —
/// changes one of them, and nothing else does, so there is no list of tables to keep up to date as
/// migrations add some. A write that changes no numbers (job_run) costs one rebuild of a ward
/// (well under a second); a missed change would show stale numbers, so erring this way is right.
/// While a job writes, the file keeps changing: the cached sandbox (the data as before the write,
/// which is what the service's own reads see too) is used until the write ends, instead of
/// rebuilding on every query. A ward with no sandbox yet gets one built from the committed data.
/// </para>
/// <para>
/// <b>Lifetime.</b> A query holds a <see cref="Lease"/>; a replaced sandbox is disposed when its last
/// query ends. At most <see cref="MaxWards"/> wards are kept; the least recently used idle one goes.
/// Queries on one sandbox may run at once: each runs in a query worker that opens the sandbox's
/// file read-only for itself, and a build of one ward at a time is enforced here.
/// </para>
/// </summary>
public sealed class WardSandboxCache(MartGate gate, ILogger log) : IDisposable
{
    public const int MaxWards = 16;

    private readonly Lock sync = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> builds = new(StringComparer.Ordinal);
    private bool disposed;

    private sealed class Entry(WardSandbox sandbox, MartVersion version)
    {
        public WardSandbox Sandbox { get; } = sandbox;
        public MartVersion Version { get; } = version;
        public int Leases { get; set; }
        public bool Retired { get; set; }
        public long LastUsed { get; set; }
    }

    /// <summary>The mart's files as they are now: any committed write changes this.</summary>
    private readonly record struct MartVersion(long Size, DateTime Written, long WalSize, DateTime WalWritten)
    {
        public static MartVersion Of(string martPath)
        {
            var file = new FileInfo(martPath);
            var wal = new FileInfo(martPath + ".wal");
            return new MartVersion(file.Exists ? file.Length : -1, file.Exists ? file.LastWriteTimeUtc : default,
                wal.Exists ? wal.Length : -1, wal.Exists ? wal.LastWriteTimeUtc : default);
        }
    }

    /// <summary>A sandbox in use by one query; disposing ends the use.</summary>
    public sealed class Lease(string file, Action release) : IDisposable
    {
        private int ended;

        /// <summary>The sandbox's database file, for a query worker to open read-only (it stays until the lease ends).</summary>
        public string File { get; } = file;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) release();
        }
    }

    /// <summary>
    /// The ward's sandbox as of the mart's current data, built when there is none or the mart
    /// changed; null when the mart has no households of the ward (a key's ward before its first load).
    /// </summary>
    /// <exception cref="MartException">The mart cannot be read now (<see cref="MartBusyException"/>: retry later).</exception>
    public Lease? Acquire(string ward, CancellationToken ct)
    {
        var version = gate.Writing ? (MartVersion?)null : MartVersion.Of(gate.MartPath);
        if (TryLease(ward, version) is { } cached) return cached;
        SemaphoreSlim build;
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!builds.TryGetValue(ward, out build!)) builds[ward] = build = new SemaphoreSlim(1, 1);
        }
        build.Wait(ct);
        try
        {
            // Another query may have built it while this one waited.
            if (TryLease(ward, version) is { } built) return built;
            var before = MartVersion.Of(gate.MartPath);
            var sandbox = gate.Read(c => HasWard(c, ward) ? WardSandbox.Build(c, ward, ct) : null, ct);
            if (sandbox is null) return null;
            log.LogInformation("Built the SQL sandbox of ward {Ward} in {BuildMs} ms ({Objects} tables)",
                ward, (long)sandbox.BuildTime.TotalMilliseconds, sandbox.Objects.Count);
            return Install(ward, sandbox, version ?? before);
        }
        finally
        {
            build.Release();
        }
    }

    // As WardSandbox decides whether it has a ward: loaded households in geo_year, the code matched exactly.
    private static bool HasWard(DuckDBConnection mart, string ward) =>
        mart.Scalar<long>("SELECT count(*) FROM geo_year WHERE ward_code = $1", ward) > 0;

    private Lease? TryLease(string ward, MartVersion? version)
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!entries.TryGetValue(ward, out var entry) || (version is { } v && entry.Version != v)) return null;
            entry.Leases++;
            entry.LastUsed = Environment.TickCount64;
            return LeaseOf(entry);
        }
    }

    private Lease Install(string ward, WardSandbox sandbox, MartVersion version)
    {
        var retire = new List<WardSandbox>();
        lock (sync)
        {
            if (disposed)
            {
                sandbox.Dispose();
                throw new ObjectDisposedException(nameof(WardSandboxCache));
            }
            var entry = new Entry(sandbox, version) { Leases = 1, LastUsed = Environment.TickCount64 };
            if (entries.Remove(ward, out var old)) Retire(old, retire);
            entries[ward] = entry;
            while (entries.Count > MaxWards)
            {
                var idle = entries.Where(e => e.Value.Leases == 0).OrderBy(e => e.Value.LastUsed).Select(e => e.Key).FirstOrDefault();
                if (idle is null) break;
                entries.Remove(idle, out var gone);
                Retire(gone!, retire);
            }
            foreach (var s in retire) s.Dispose();
            return LeaseOf(entry);
        }
    }

    private Lease LeaseOf(Entry entry) => new(entry.Sandbox.File, () => Release(entry));

    private static void Retire(Entry entry, List<WardSandbox> now)
    {
        entry.Retired = true;
        if (entry.Leases == 0) now.Add(entry.Sandbox);
    }

    private void Release(Entry entry)
    {
        lock (sync)
        {
            entry.Leases--;
            if (entry.Retired && entry.Leases == 0) entry.Sandbox.Dispose();
        }
    }

    public void Dispose()
    {
        lock (sync)
        {
            if (disposed) return;
            disposed = true;
            var now = new List<WardSandbox>();
            foreach (var entry in entries.Values) Retire(entry, now);
            entries.Clear();
            // Sandboxes still in use go when their query ends (Release).
            foreach (var sandbox in now) sandbox.Dispose();
        }
    }
}
