using System.Diagnostics;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// A private database holding only one ward's rows, for SQL from an API key restricted to that ward:
/// the other wards' data is not there, so no table, view or function can show it. Every table and
/// view of the mart is decided by <see cref="SandboxRules"/>; the views are stored as tables of the
/// same name, columns and types, so officers' documented queries run unchanged.
/// <para>
/// It is built in an in-memory database — the ward's rows through the Appender, the views computed
/// from them by the migrations' own SQL — then written once to a fresh <see cref="File"/> in a private
/// folder (<see cref="SandboxFolders"/>), which the service's query workers open read-only and locked
/// down (<see cref="LockedInstance"/>). DuckDB has no read-only in-memory database, and a writable
/// one would let a key change the numbers its later queries see. Disposing deletes the folder.
/// </para>
/// </summary>
public sealed class WardSandbox : IDisposable
{
    /// <summary>DuckDB's memory budget for the sandbox's queries in this process, in MB (a ward is a few MB; sorts and joins spill beyond).</summary>
    public const int MemoryLimitMb = 512;

    private const string Building = "__sandbox_";

    private readonly string folder;
    private readonly Lazy<DuckDBConnection> connection;

    private WardSandbox(string wardCode, string folder, string file, IReadOnlyList<string> objects, TimeSpan buildTime)
    {
        WardCode = wardCode;
        this.folder = folder;
        File = file;
        Objects = objects;
        BuildTime = buildTime;
        connection = new Lazy<DuckDBConnection>(() => LockedInstance.Open(File, new InstanceLimits(MemoryLimitMb)));
    }

    public string WardCode { get; }

    /// <summary>The sandbox's database file, to open read-only (<see cref="LockedInstance"/>).</summary>
    public string File { get; }

    /// <summary>A read-only, locked-down connection in this process (opened on first use), to run SQL on with <see cref="QueryRunner"/>.</summary>
    public DuckDBConnection Connection => connection.Value;

    /// <summary>The tables the sandbox holds, by name.</summary>
    public IReadOnlyList<string> Objects { get; }

    public TimeSpan BuildTime { get; }

    /// <param name="source">An open mart connection, read-only or read-write; only queries run on it (on a
    /// connection of its own, in one transaction, so every object comes from the same state of the mart).</param>
    /// <exception cref="MartException">The mart has no ward <paramref name="wardCode"/>, or another schema version than this build.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the running statement was interrupted.</exception>
    public static WardSandbox Build(DuckDBConnection source, string wardCode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(wardCode);
        ct.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        var folder = SandboxFolders.Create();
        try
        {
            var file = Path.Combine(folder, "ward.duckdb");
            IReadOnlyList<string> objects;
            using (var mart = Sibling.Open(source))
            using (var memory = new DuckDBConnection("Data Source=:memory:"))
            {
                using var interrupter = new Interrupter(mart.NativeConnection.Interrupt, ct);
                memory.Open();
                // Should a big ward spill, its rows stay in the private folder (DuckDB's default is ./.tmp).
                memory.Execute($"SET temp_directory = {Sql.Text(Path.Combine(folder, "build.tmp"))}");
                mart.Execute("BEGIN TRANSACTION");
                Require(mart, wardCode);
                objects = Fill(mart, memory, SourceCatalog.Read(mart), wardCode, ct);
                mart.Execute("COMMIT");
                ct.ThrowIfCancellationRequested();
                // DuckDB tries every compression method on every column it writes. On a ward's codes,
                // names and rates FSST and ALP never win (the file is the same size without them,
                // measured on the demo ward) but trying them costs a third of the write.
                memory.Execute("SET disabled_compression_methods = 'fsst,alp,alprd'");
                memory.Execute($"ATTACH {Sql.Text(file)} AS sandbox_file; COPY FROM DATABASE memory TO sandbox_file; DETACH sandbox_file;");
            }
            return new WardSandbox(wardCode, folder, file, objects, watch.Elapsed);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            // An interrupted statement surfaces as DuckDB's error; the caller asked for a cancellation.
            SandboxFolders.Delete(folder);
            throw new OperationCanceledException("the ward sandbox build was cancelled", e, ct);
        }
        catch
        {
            SandboxFolders.Delete(folder);
            throw;
        }
    }

    private static void Require(DuckDBConnection mart, string wardCode)
    {
        // The views are computed by this build's definitions: the tables must have this build's shape.
        var version = MartMigrator.CurrentVersion(mart);
        if (version != MartMigrator.LatestVersion)
            throw new MartException(
                $"Kho dữ liệu ở phiên bản lược đồ {version}; bản disu này dựng kho riêng của phường, xã cho phiên bản {MartMigrator.LatestVersion}. " +
                $"Hãy mở kho để ghi một lần bằng bản này ('disu migrate') hoặc dùng bản disu khớp với kho.",
                $"The mart has schema version {version}; this build of disu builds ward sandboxes for version {MartMigrator.LatestVersion}. " +
                $"Open the mart once for writing with this build ('disu migrate') or use the build that matches it.");
        if (mart.Scalar<long>("SELECT count(*) FROM geo_year WHERE ward_code = $1", wardCode) == 0)
            throw new MartException(
                $"Kho dữ liệu không có phường, xã '{wardCode}': kho riêng chỉ dựng cho mã phường, xã đã nạp hộ " +
                $"(geo_year.ward_code, khớp chính xác, kể cả chữ hoa, chữ thường). Hãy kiểm tra mã phường, xã của khóa API.",
                $"The mart has no ward '{wardCode}': a ward sandbox is built only for a ward code with loaded households " +
                $"(geo_year.ward_code, matched exactly, case included). Check the ward code of the API key.");
    }

    /// <summary>Copies what the rules copy, then computes the recomputed views; returns the tables made.</summary>
    private static List<string> Fill(DuckDBConnection mart, DuckDBConnection memory, IReadOnlyList<SourceObject> catalog, string wardCode, CancellationToken ct)
    {
        var made = new List<SourceObject>();
        var views = new List<SourceObject>();
        foreach (var o in catalog)
        {
            ct.ThrowIfCancellationRequested();
            var rule = SandboxRules.All.GetValueOrDefault(o.Name);
            switch (rule?.Copy)
            {
                case SandboxCopy.Whole or SandboxCopy.Filtered:
                    TableCopy.Copy(mart, memory, o, rule.Copy == SandboxCopy.Filtered ? rule.Filter : null, wardCode, ct);
                    made.Add(o);
                    break;
                case SandboxCopy.Recomputed when o.IsView:
                    views.Add(o);
                    break;
                case SandboxCopy.Recomputed:
                    throw new InvalidOperationException($"SandboxRules: {o.Name} is a table; only a view can be recomputed.");
                default:
                    break; // Excluded, or no rule yet (a test fails until there is one): left out.
            }
        }
        ct.ThrowIfCancellationRequested();
        made.AddRange(Compute(memory, views, ct));
        Describe(memory, made);
        return made.Select(o => o.Name).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Creates the views by their definitions, each once the views it reads exist (DuckDB binds a view
    /// when it is created), then stores them as tables, a view only after the views it reads, so that
    /// it reads their stored rows instead of computing them again. A ward's view fits in one of
    /// DuckDB's row groups, which DuckDB gives one thread: views that do not read each other are
    /// stored side by side, each on a connection of its own.
    /// </summary>
    private static List<SourceObject> Compute(DuckDBConnection memory, List<SourceObject> views, CancellationToken ct)
    {
        var created = new List<SourceObject>();
        var pending = new List<SourceObject>(views);
        while (pending.Count > 0)
        {
            var errors = new List<string>();
            var before = pending.Count;
            foreach (var view in pending.ToList())
            {
                if (!MartViews.Definitions.TryGetValue(view.Name, out var definition))
                    throw new MartException($"The ward sandbox finds no CREATE VIEW {view.Name} in the migrations; give it another rule in SandboxRules.");
                try
                {
                    memory.Execute(definition);
                    created.Add(view);
                    pending.Remove(view);
                }
                catch (DuckDBException e)
                {
                    errors.Add($"{view.Name}: {e.Message.Split('\n')[0]}");
                }
            }
            if (pending.Count == before)
                throw new MartException(
                    $"The ward sandbox cannot compute {string.Join(", ", pending.Select(v => v.Name))} ({string.Join("; ", errors)}). " +
                    "A recomputed view may read only what the sandbox holds; change its rule or theirs in SandboxRules.");
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        var remaining = new List<SourceObject>(created);
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(v => created.All(other => other == v || stored.Contains(other.Name) || !Reads(v, other))).ToList();
            if (ready.Count == 0)
                ready = [remaining[0]]; // the guess saw a cycle; the earliest created reads only stored views
            Parallel.ForEach(ready, parallel, view =>
            {
                using var connection = memory.Duplicate();
                connection.Open();
                connection.Execute($"CREATE TABLE {Sql.Name(Building + view.Name)} AS SELECT * FROM {Sql.Name(view.Name)}");
            });
            foreach (var view in ready)
            {
                memory.Execute($"DROP VIEW {Sql.Name(view.Name)}; ALTER TABLE {Sql.Name(Building + view.Name)} RENAME TO {Sql.Name(view.Name)}");
                stored.Add(view.Name);
                remaining.Remove(view);
            }
        }
        return created;
    }

    /// <summary>Whether <paramref name="view"/>'s definition names <paramref name="other"/> (as a whole word: a conservative guess).</summary>
    private static bool Reads(SourceObject view, SourceObject other) =>
        Regex.IsMatch(MartViews.Definitions[view.Name], $@"\b{Regex.Escape(other.Name)}\b");

    /// <summary>
    /// The mart's description of each table and view (English ‖ Vietnamese). Not the columns': a
    /// COMMENT ON COLUMN costs a catalog change each, about a tenth of the build for ~600 columns;
    /// the columns are described in the mart's own catalog (<see cref="Schema.SchemaCatalog"/>), which
    /// holds no ward's data.
    /// </summary>
    private static void Describe(DuckDBConnection memory, IEnumerable<SourceObject> objects)
    {
        var statements = objects.Where(o => o.Comment is not null)
            .Select(o => $"COMMENT ON TABLE {Sql.Name(o.Name)} IS {Sql.Text(o.Comment!)}").ToList();
        if (statements.Count > 0)
            memory.Execute(string.Join(";\n", statements));
    }

    public void Dispose()
    {
        if (connection.IsValueCreated) connection.Value.Dispose();
        SandboxFolders.Delete(folder);
    }
}
