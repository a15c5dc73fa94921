using System.Diagnostics;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>
/// Loads input files into the mart: one transaction per file, set-based SQL inside DuckDB
/// (staging → validation → classification → replacement → SCD2 dimensions → transitions → ledger).
/// </summary>
public sealed class EtlRunner(DuckDBConnection connection, TimeProvider clock, string loadedBy)
{
    private bool macrosReady;

    /// <summary>
    /// Expands folders (their .csv and .xlsx files) and loads snapshots, then supports, then targets.
    /// A file that fails is rolled back and reported; the next file still loads.
    /// </summary>
    public IReadOnlyList<LoadResult> Load(IEnumerable<string> paths, IProgress<EtlProgress>? progress = null,
        Action<LoadResult>? loaded = null, CancellationToken ct = default)
    {
        var files = InputFiles.Expand(paths);
        var results = new List<LoadResult>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            LoadResult result;
            try
            {
                result = LoadFile(files[i], progress is null ? null : new StageProgress(progress, files[i], i, files.Count));
            }
            catch (EtlFailedException e)
            {
                result = new LoadResult(files[i], LoadOutcome.Failed, null, null, 0, 0, 0, e.Text, [], [], TimeSpan.Zero);
            }
            loaded?.Invoke(result);
            results.Add(result);
        }
        return results;
    }

    public LoadResult LoadFile(string path, IProgress<EtlStage>? progress = null)
    {
        try
        {
            return LoadOne(path, progress);
        }
        finally
        {
            try
            {
                DropTemporaries();
            }
            catch (DuckDBException)
            {
                // Cleaning up must never hide the load's own outcome; the connection frees them at close.
            }
        }
    }

    /// <summary>The staging tables of a big file hold as much memory as the file: free them now, not when the connection closes.</summary>
    private void DropTemporaries()
    {
        foreach (var view in connection.Read<TempView>("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal"))
            connection.Execute($"DROP VIEW IF EXISTS temp.\"{view.ViewName}\"");
        foreach (var table in connection.Read<TempTable>("SELECT table_name FROM duckdb_tables() WHERE temporary"))
            connection.Execute($"DROP TABLE IF EXISTS temp.\"{table.TableName}\"");
    }

    private LoadResult LoadOne(string path, IProgress<EtlStage>? progress)
    {
        var watch = Stopwatch.StartNew();
        var name = Path.GetFileName(path);
        progress?.Report(EtlStage.Hashing);
        if (!File.Exists(path))
            return Refuse(path, "", Message.Of($"tệp không tồn tại; hãy kiểm tra đường dẫn", $"the file does not exist"), null, watch, record: false);
        var isCsv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        if (!isCsv && !Staging.IsXlsx(path))
            return Refuse(path, "", Message.Of(
                $"tệp '{Path.GetExtension(path)}' không thuộc quy định dữ liệu đầu vào; hãy lưu thành .csv (UTF-8) hoặc .xlsx",
                $"'{Path.GetExtension(path)}' files are not part of the input contract; save it as .csv (UTF-8) or .xlsx"), null, watch, record: false);

        var scan = SourceScan.Of(path, isCsv ? DelimiterOf(path) : null);
        // Identical content is not loaded twice, unless some of its rows were rejected for what the
        // mart held then (a household not yet loaded, a conflict since corrected): following the
        // reject's advice and delivering the file again must work.
        var earlier = connection.ReadSingleOrDefault<EarlierLoad>("""
            SELECT load_id, reload_allowed FROM etl_load WHERE content_hash = ? AND outcome = 'loaded'
            ORDER BY load_id DESC LIMIT 1
            """, scan.ContentHash);
        if (earlier is { ReloadAllowed: false })
            return new LoadResult(path, LoadOutcome.Skipped, null, earlier.LoadId, 0, 0, 0,
                Message.Of($"đã nạp ở lần nạp #{earlier.LoadId} (cùng nội dung); không có gì thay đổi",
                           $"already loaded as load #{earlier.LoadId} (same content); nothing changed"), [], [], watch.Elapsed);

        HeaderMap map;
        char? delimiter;
        try
        {
            (map, delimiter) = Staging.ReadHeader(path);
        }
        catch (FileRefusedException e)
        {
            return Refuse(path, scan.ContentHash, e.Text, e.Column, watch);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException)
        {
            return Refuse(path, scan.ContentHash, Message.Of(
                $"không đọc được bảng tính ({e.Message}); hãy mở bằng Excel rồi lưu lại dạng .xlsx",
                $"the workbook cannot be read ({e.Message}); open it in Excel and save it again as .xlsx"), null, watch);
        }

        EnsureMacros();
        var warnings = map.Unknown.Count == 0 ? new List<Message>()
            : [Message.Of($"đã bỏ qua cột không thuộc quy định: {string.Join(", ", map.Unknown)}",
                          $"ignored column{(map.Unknown.Count > 1 ? "s" : "")} not in the contract: {string.Join(", ", map.Unknown)}")];
        var started = clock.GetUtcNow();
        using var tx = connection.BeginTransaction();
        try
        {
            var loadId = connection.Scalar<long>("SELECT nextval('seq_load_id')");
            connection.Execute("""
                INSERT INTO etl_load (load_id, file_name, file_path, content_hash, file_kind, outcome, loaded_by, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, 'loaded', ?, ?, ?)
                """, loadId, name, Path.GetFullPath(path), scan.ContentHash, KindName(map.Kind), loadedBy, started, started);
            connection.Execute($"SET VARIABLE load_id = {loadId}; SET VARIABLE file_name = {SqlText.Literal(name)};");

            var steps = new List<StepTiming>();
            var stepWatch = Stopwatch.StartNew();
            void Done(string step)
            {
                steps.Add(new StepTiming(step, stepWatch.Elapsed.TotalSeconds));
                stepWatch.Restart();
            }

            progress?.Report(EtlStage.Staging);
            var rowsRead = new Staging(connection).Stage(path, map, delimiter, scan, warnings);
            Done("staging (read_csv / appender)");
            if (map.Kind == FileKind.Snapshot) RefuseWhenNeededFlagColumnMissing(map);

            progress?.Report(EtlStage.Validating);
            foreach (var step in SqlScripts.For(map.Kind))
            {
                progress?.Report(step.Stage);
                try
                {
                    connection.Execute(step.Sql);
                }
                catch (DuckDBException e)
                {
                    throw new InvalidOperationException($"{step.Name}: {e.Message}", e);
                }
                Done(step.Name);
                // Transitions pair a round with its unit's predecessors (geo_step): the map follows the dimensions.
                if (step.Name == "dimensions.sql" && UnitMap.Any(connection))
                {
                    UnitMap.Rebuild(connection);
                    Done("unit map");
                }
            }

            if (map.Kind == FileKind.UnitChange)
            {
                UnitMap.Rebuild(connection);
                Done("unit map");
                connection.Execute(SqlScripts.Transitions);
                Done("transitions.sql");
            }
            if (map.Kind is FileKind.Snapshot or FileKind.UnitChange)
            {
                FillTransitions();
                Done("transitions_year.sql");
            }
            if (map.Kind == FileKind.Target)
            {
                warnings.AddRange(TargetPlans.Apply(connection, loadId, started, loadedBy));
                Done("plan versions");
            }

            progress?.Report(EtlStage.Committing);
            var loaded = connection.Scalar<long>("SELECT count(*) FROM clean");
            var rejected = connection.Scalar<long>("SELECT count(DISTINCT row_no) FROM etl_reject WHERE load_id = ?", loadId);
            var replaced = connection.Read<ReplacedLoad>("SELECT DISTINCT load_id FROM replaced ORDER BY 1").Select(r => r.LoadId).ToList();
            var wardYears = connection.Scalar<string>("SELECT string_agg(ward_code || ':' || review_year, ', ' ORDER BY ward_code, review_year) FROM touched");
            var reloadAllowed = connection.Scalar<long>("SELECT count(*) FROM mart_dependent") > 0;
            if (map.Kind == FileKind.Target)
            {
                // A percent-formatted Excel cell showing 0.31% holds 0.0031: loaded as given, but said.
                var tiny = connection.Scalar<string>("SELECT string_agg(DISTINCT target_poor_rate, ', ') FROM clean WHERE rate_v > 0 AND rate_v < 0.01");
                if (tiny is not null)
                    warnings.Add(Message.Of(
                        $"target_poor_rate {tiny} nhỏ hơn 0,01 phần trăm; nếu Excel hiển thị ô này dạng phần trăm, hãy gõ chính con số (0.31 cho 0,31%)",
                        $"target_poor_rate {tiny} is below 0.01 percent; if Excel shows it as a percentage, type the number itself (0.31 for 0.31%)"));
            }
            var unchanged = connection.Read<UnchangedWardYear>("SELECT ward_code || ':' || review_year AS ward_year, load_id FROM unchanged ORDER BY 1");
            if (unchanged.Count > 0)
                warnings.Add(Message.Of($"không thay đổi, giữ như đã nạp trước: {string.Join(", ", unchanged.Select(u => $"{u.WardYear} (lần nạp #{u.LoadId})"))}",
                                        $"unchanged, left as loaded before: {string.Join(", ", unchanged.Select(u => $"{u.WardYear} (load #{u.LoadId})"))}"));
            var message = warnings.Count == 0 ? null : Message.Join("; ", warnings);
            connection.Execute("""
                UPDATE etl_load SET rows_read = ?, rows_loaded = ?, rows_rejected = ?, ward_years = ?,
                       replaced_loads = ?, message = ?, message_en = ?, reload_allowed = ?, finished_at = ?
                WHERE load_id = ?
                """, rowsRead, loaded, rejected, wardYears,
                replaced.Count == 0 ? null : string.Join(",", replaced),
                message?.Vi, message?.En, reloadAllowed, clock.GetUtcNow(), loadId);
            tx.Commit();
            Done("ledger and commit");
            return new LoadResult(path, LoadOutcome.Loaded, KindName(map.Kind), loadId, rowsRead, loaded, rejected,
                null, warnings, replaced, watch.Elapsed) { Steps = steps };
        }
        catch (FileRefusedException e)
        {
            tx.Rollback();
            return Refuse(path, scan.ContentHash, e.Text, e.Column, watch, KindName(map.Kind));
        }
        catch (DuckDBException e) when (e.Message.Contains("Invalid unicode", StringComparison.OrdinalIgnoreCase)
                                         || e.Message.Contains("CSV Error", StringComparison.OrdinalIgnoreCase)
                                         || e.Message.Contains("CSV Parser", StringComparison.OrdinalIgnoreCase))
        {
            tx.Rollback();
            return Refuse(path, scan.ContentHash, Message.Of(
                $"không đọc được tệp CSV thành bảng: {FirstLine(e.Message)}; hãy mở tệp, kiểm tra dấu phân cách và dấu ngoặc kép, lưu lại dạng 'CSV UTF-8' rồi nạp lại",
                $"the CSV cannot be read as a table: {FirstLine(e.Message)}"), null, watch, KindName(map.Kind));
        }
        catch (Exception e)
        {
            tx.Rollback();
            throw new EtlFailedException(path, e);
        }
    }

    private void FillTransitions()
    {
        var years = connection.Read<ScopeRound>("SELECT DISTINCT review_year FROM scope_rounds ORDER BY 1");
        foreach (var year in years)
        {
            connection.Execute($"SET VARIABLE transition_year = {year.ReviewYear.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            try
            {
                connection.Execute(SqlScripts.TransitionsYear);
            }
            catch (DuckDBException e)
            {
                throw new InvalidOperationException($"transitions_year.sql: {e.Message}", e);
            }
        }
    }

    private void RefuseWhenNeededFlagColumnMissing(HeaderMap map)
    {
        foreach (var indicator in StandardsSeeder.File.Indicators.Where(i => map.PositionOf(i.Column) is null))
        {
            var r = connection.ReadSingleOrDefault<NeededBy>($"""
                SELECT s.decree, s.first_year, s.last_year, min(p.review_year) AS file_year
                FROM stg JOIN dim_period p ON p.review_year = disu_int(stg.review_year)
                JOIN dim_standard s ON s.standard_id = p.standard_id
                WHERE list_contains(s.indicators, {SqlText.Literal(indicator.Code)})
                GROUP BY ALL LIMIT 1
                """);
            if (r is null) continue;
            throw new FileRefusedException(
                $"thiếu cột {indicator.Column}; Nghị định {r.Decree} (các năm rà soát {r.FirstYear}–{r.LastYear}) cần cột này và tệp có dòng của năm {r.FileYear}; hãy thêm cột rồi nạp lại",
                $"column {indicator.Column} is missing; Decree {r.Decree} (review years {r.FirstYear}–{r.LastYear}) needs it and the file has rows for {r.FileYear}",
                indicator.Column);
        }
    }

    private LoadResult Refuse(string path, string hash, Message reason, string? column, Stopwatch watch, string? kind = null, bool record = true)
    {
        long? loadId = null;
        if (record)
        {
            using var tx = connection.BeginTransaction();
            loadId = connection.Scalar<long>("SELECT nextval('seq_load_id')");
            var now = clock.GetUtcNow();
            connection.Execute("""
                INSERT INTO etl_load (load_id, file_name, file_path, content_hash, file_kind, outcome, message, message_en, loaded_by, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, 'refused', ?, ?, ?, ?, ?)
                """, loadId, Path.GetFileName(path), Path.GetFullPath(path), hash, kind, reason.Vi, reason.En, loadedBy, now, now);
            connection.Execute("INSERT INTO etl_reject VALUES (?, ?, NULL, ?, NULL, ?, ?)", loadId, Path.GetFileName(path), column,
                "tệp bị từ chối: " + reason.Vi, "file refused: " + reason.En);
            tx.Commit();
        }
        return new LoadResult(path, LoadOutcome.Refused, kind, loadId, 0, 0, 0, reason, [], [], watch.Elapsed);
    }

    private void EnsureMacros()
    {
        if (macrosReady) return;
        connection.Execute(SqlScripts.Macros);
        macrosReady = true;
    }

    private static string KindName(FileKind kind) => kind switch
    {
        FileKind.Snapshot => "snapshot",
        FileKind.Support => "support",
        FileKind.UnitChange => "unit_change",
        _ => "target",
    };

    /// <summary>The scan follows quotes field by field, so it needs the delimiter first.</summary>
    private static char DelimiterOf(string path)
    {
        try
        {
            return CsvHeader.Read(path).Delimiter;
        }
        catch (FileRefusedException)
        {
            return ','; // the file is refused below, with this reason
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private sealed record TempView { public required string ViewName { get; init; } }

    private sealed record TempTable { public required string TableName { get; init; } }

    private sealed record EarlierLoad
    {
        public long LoadId { get; init; }
        public bool ReloadAllowed { get; init; }
    }

    private sealed record ReplacedLoad { public long LoadId { get; init; } }

    private sealed record UnchangedWardYear
    {
        public required string WardYear { get; init; }
        public long? LoadId { get; init; }
    }

    private sealed record ScopeRound { public int ReviewYear { get; init; } }

    private sealed record NeededBy
    {
        public required string Decree { get; init; }
        public int FirstYear { get; init; }
        public int LastYear { get; init; }
        public int FileYear { get; init; }
    }

    private sealed class StageProgress(IProgress<EtlProgress> inner, string file, int index, int count) : IProgress<EtlStage>
    {
        public void Report(EtlStage value) => inner.Report(new EtlProgress(file, index, count, value));
    }
}
