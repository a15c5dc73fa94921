using System.Globalization;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Service.Serve;

/// <summary>One rejected row, as written next to the file it came from: the reason in Vietnamese and in English.</summary>
public sealed record RejectRow(long? Row, string? Column, string? Value, string Reason, string ReasonEn);

/// <summary>
/// Moves a handled inbox file out of the way: loaded files to the archive, refused ones to
/// quarantine, each under a time-stamped name in a month folder, with sidecars saying why
/// (<c>.errors.json</c> always for quarantine, <c>.errors.csv</c> listing the rejected rows when there are any;
/// its values come from the delivered file, so they are made formula-safe for the officer who opens it).
/// </summary>
public static class InboxFiles
{
    public static string Archive(string file, string archive, DateTimeOffset at, LoadResult result, IReadOnlyList<RejectRow> rejects) =>
        Move(file, archive, at, result, rejects, result.RowsRejected > 0 || result.Warnings.Count > 0
            ? result.Message ?? new Message("đã nạp, có dòng bị loại", "loaded with rejected rows")
            : null);

    public static string Quarantine(string file, string quarantine, DateTimeOffset at, LoadResult? result, Message reason, IReadOnlyList<RejectRow> rejects) =>
        Move(file, quarantine, at, result, rejects, reason, always: true);

    private static string Move(string file, string folder, DateTimeOffset at, LoadResult? result, IReadOnlyList<RejectRow> rejects, Message? reason, bool always = false)
    {
        var month = Path.Combine(Path.GetFullPath(folder), at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(month);
        var target = Unique(Path.Combine(month, at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Path.GetFileName(file)));
        // Sidecars first: if the disk is full, the file stays in the inbox and nothing half-done is left behind.
        if (always || reason is not null)
            WriteAtomically(target + ".errors.json", Json(file, at, result, reason, rejects.Count));
        if (rejects.Count > 0)
            WriteAtomically(target + ".errors.csv", Csv(rejects));
        File.Move(file, target);
        return target;
    }

    private static string Unique(string path)
    {
        var candidate = path;
        for (var n = 2; File.Exists(candidate); n++)
            candidate = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{n}{Path.GetExtension(path)}");
        return candidate;
    }

    // The reason and warnings in Vietnamese, with the English beside them (as etl_load.message / message_en).
    private static string Json(string file, DateTimeOffset at, LoadResult? r, Message? reason, int rejects) =>
        JsonSerializer.Serialize(new
        {
            file = Path.GetFileName(file),
            handled_at = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            outcome = r?.Outcome.ToString().ToLowerInvariant() ?? "refused",
            reason = reason?.Vi,
            reason_en = reason?.En,
            kind = r?.Kind,
            load_id = r?.LoadId,
            rows_read = r?.RowsRead,
            rows_loaded = r?.RowsLoaded,
            rows_rejected = r?.RowsRejected,
            rejected_rows_listed_in = rejects > 0 ? Path.GetFileName(file) + ".errors.csv" : null,
            warnings = r?.Warnings.Select(w => w.Vi) ?? [],
            warnings_en = r?.Warnings.Select(w => w.En) ?? [],
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Csv(IReadOnlyList<RejectRow> rejects)
    {
        var text = new StringBuilder("row,column,value,reason,reason_en\n");
        foreach (var r in rejects)
            text.Append(CultureInfo.InvariantCulture,
                $"{r.Row},{SpreadsheetText.CsvField(r.Column)},{SpreadsheetText.CsvField(r.Value)},{SpreadsheetText.CsvField(r.Reason)},{SpreadsheetText.CsvField(r.ReasonEn)}\n");
        return text.ToString();
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        // UTF-8 with BOM so that Excel shows the Vietnamese reasons correctly.
        File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.Move(temp, path, overwrite: true);
    }
}
