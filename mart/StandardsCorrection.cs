using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// An administrator's corrected standards file (`disu standards update --file`): the shape of the
/// shipped poverty-standards.json, one or more entries under "standards", each naming an existing
/// standard by "id" and giving the fields that change (the others keep the current version's
/// values). Every problem is found before anything is written; a standard whose fields all stay the
/// same gets no new version.
/// </summary>
public static class StandardsCorrection
{
    /// <summary>Larger than any standards file could be: a bigger file is refused before it is read.</summary>
    public const long MaxFileBytes = 1_000_000;

    /// <summary>Above this, a monthly income line is a typing error (the snapshot refuses incomes above it too).</summary>
    public const long MaxLine = 1_000_000_000;

    private static readonly string[] TopLevel = ["standards", "version", "source", "indicators"];

    private static readonly string[] Fields =
    [
        "id", "name_vi", "decree", "first_year", "last_year", "urban_line", "rural_line", "urban_average_top", "rural_average_top",
        "min_deprivations", "indicators", "confirmed", "note",
    ];

    private static readonly string[] ConfirmedFields = ["lines", "average_band", "min_deprivations", "indicators", "validity"];

    /// <summary>Checks <paramref name="path"/> against the mart and records a new version of each standard it changes, in one transaction.</summary>
    /// <exception cref="StandardsFileException">The file is refused; nothing was written.</exception>
    public static CorrectionResult Apply(DuckDBConnection connection, string path, TimeProvider clock, string recordedBy)
    {
        var (bytes, name) = ReadFile(path);
        var current = StandardVersions.Current(connection).ToDictionary(v => v.Standard.Id, StringComparer.Ordinal);
        var indicators = connection.Read<IndicatorRow>("SELECT indicator_code FROM dim_indicator ORDER BY ordinal").Select(i => i.IndicatorCode).ToList();
        var problems = new List<Message>();
        var merged = Parse(bytes, current, indicators, problems);
        if (problems.Count == 0) CheckTogether(connection, current, merged, problems);
        if (problems.Count > 0) throw new StandardsFileException(name, problems);

        var source = $"{name} (sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]})";
        var now = clock.GetUtcNow();
        var changes = new List<StandardChange>();
        using var tx = connection.BeginTransaction();
        foreach (var standard in merged)
        {
            var was = current[standard.Id];
            if (StandardVersions.Same(was.Standard, standard))
            {
                changes.Add(new StandardChange(standard, was.Version, was.Version, []));
                continue;
            }
            var version = (StandardVersions.Latest(connection, standard.Id)?.Version ?? was.Version) + 1;
            StandardVersions.Record(connection, standard, version, StandardVersions.Administrator, source, now, recordedBy);
            var dataVersion = connection.Scalar<int>("SELECT data_version FROM dim_standard WHERE standard_id = ?", standard.Id);
            StandardVersions.MakeCurrent(connection, standard.Id, version, dataVersion);
            changes.Add(new StandardChange(standard, was.Version, version, Differences(was.Standard, standard)));
        }
        StandardVersions.RebuildPeriods(connection);
        tx.Commit();
        return new CorrectionResult(source, changes);
    }

    private static (byte[] Bytes, string Name) ReadFile(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
            throw new StandardsFileException(name, [Message.Of($"không có tệp '{path}'; hãy kiểm tra đường dẫn", $"no file '{path}'; check the path")]);
        if (new FileInfo(path).Length > MaxFileBytes)
            throw new StandardsFileException(name, [Message.Of(
                $"tệp lớn hơn {MaxFileBytes:N0} byte; một tệp chuẩn nghèo chỉ vài nghìn byte — hãy kiểm tra đúng tệp chưa",
                $"the file is larger than {MaxFileBytes:N0} bytes; a standards file is a few thousand — check it is the right file")]);
        return (File.ReadAllBytes(path), name);
    }

    private static List<StandardDefinition> Parse(byte[] bytes, Dictionary<string, VersionedStandard> current, List<string> indicators, List<Message> problems)
    {
        var merged = new List<StandardDefinition>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (dòng {line + 1}, cột {(e.BytePositionInLine ?? 0) + 1})" : "";
            var whereEn = e.LineNumber is { } l ? $" (line {l + 1}, column {(e.BytePositionInLine ?? 0) + 1})" : "";
            problems.Add(Message.Of($"tệp không phải JSON hợp lệ{where}; hãy sửa rồi chạy lại", $"the file is not valid JSON{whereEn}"));
            return merged;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("standards", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                problems.Add(Message.Of(
                    $"tệp phải là một đối tượng JSON có khóa \"standards\" là danh sách các chuẩn cần sửa, như trong poverty-standards.json",
                    $"the file must be a JSON object whose \"standards\" is a list of the standards to correct, as in poverty-standards.json"));
                return merged;
            }
            foreach (var property in root.EnumerateObject().Where(p => !TopLevel.Contains(p.Name, StringComparer.Ordinal)))
                problems.Add(Message.Of($"khóa '{property.Name}' không thuộc tệp chuẩn nghèo (có: {string.Join(", ", TopLevel)})",
                    $"key '{property.Name}' is not part of a standards file (known: {string.Join(", ", TopLevel)})"));
            if (root.TryGetProperty("indicators", out var defined))
                CheckIndicatorDefinitions(defined, indicators, problems);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var at = $"standards[{index++}]";
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(Message.Of($"{at}: phải là một đối tượng JSON", $"{at}: must be a JSON object"));
                    continue;
                }
                if (!entry.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
                {
                    problems.Add(Message.Of($"{at}.id: thiếu mã chuẩn nghèo (ví dụ \"ND07_2021\")", $"{at}.id: the standard's id is missing (e.g. \"ND07_2021\")"));
                    continue;
                }
                if (!current.TryGetValue(id, out var was))
                {
                    var known = string.Join(", ", current.Keys);
                    problems.Add(Message.Of($"{at}.id: kho dữ liệu không có chuẩn nghèo '{id}' (có: {known}); tệp sửa chỉ sửa chuẩn đã có",
                        $"{at}.id: the mart has no standard '{id}' (known: {known}); a correction changes an existing standard"));
                    continue;
                }
                if (!seen.Add(id))
                {
                    problems.Add(Message.Of($"{at}.id: chuẩn '{id}' xuất hiện hai lần trong tệp; hãy gộp thành một mục", $"{at}.id: standard '{id}' appears twice in the file; merge the entries"));
                    continue;
                }
                merged.Add(new Entry($"{id}", entry, problems).Merge(was.Standard, indicators));
            }
        }
        return merged;
    }

    /// <summary>A copy of the shipped indicator list is welcome; a new indicator is not data (its flag column is part of the input contract).</summary>
    private static void CheckIndicatorDefinitions(JsonElement defined, List<string> indicators, List<Message> problems)
    {
        if (defined.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new Message("indicators: phải là một danh sách", "indicators: must be a list"));
            return;
        }
        foreach (var item in defined.EnumerateArray())
        {
            var code = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (code is null || !indicators.Contains(code, StringComparer.Ordinal))
                problems.Add(Message.Of(
                    $"indicators: chỉ số '{code ?? item.GetRawText()}' không có trong kho dữ liệu; thêm chỉ số mới cần sửa quy định dữ liệu đầu vào (xem docs/poverty-standards.md), không sửa được bằng tệp này",
                    $"indicators: indicator '{code ?? item.GetRawText()}' is not in the mart; a new indicator needs a change of the input contract (see docs/poverty-standards.md), not this file"));
        }
    }

    /// <summary>Rules across standards: their years must not overlap, and no loaded review year may be left without one.</summary>
    private static void CheckTogether(DuckDBConnection connection, Dictionary<string, VersionedStandard> current, List<StandardDefinition> merged, List<Message> problems)
    {
        var after = current.Values.Select(v => merged.FirstOrDefault(m => m.Id == v.Standard.Id) ?? v.Standard).OrderBy(s => s.FirstYear).ToList();
        for (var i = 1; i < after.Count; i++)
            if (after[i].FirstYear <= after[i - 1].LastYear)
                problems.Add(Message.Of(
                    $"first_year, last_year: {after[i - 1].Id} ({after[i - 1].FirstYear}–{after[i - 1].LastYear}) và {after[i].Id} ({after[i].FirstYear}–{after[i].LastYear}) trùng năm; mỗi năm rà soát chỉ có một chuẩn nghèo",
                    $"first_year, last_year: {after[i - 1].Id} ({after[i - 1].FirstYear}–{after[i - 1].LastYear}) and {after[i].Id} ({after[i].FirstYear}–{after[i].LastYear}) overlap; a review year has one standard"));
        var loaded = connection.Read<LoadedYear>("SELECT DISTINCT review_year FROM fact_household_year WHERE is_current ORDER BY 1").Select(y => y.ReviewYear);
        var orphans = loaded.Where(y => !after.Any(s => y >= s.FirstYear && y <= s.LastYear)).ToList();
        if (orphans.Count > 0)
            problems.Add(Message.Of(
                $"first_year, last_year: năm rà soát {string.Join(", ", orphans)} đã có số liệu nhưng sẽ không còn chuẩn nghèo nào; hãy giữ các năm đó trong một chuẩn",
                $"first_year, last_year: review year{(orphans.Count > 1 ? "s" : "")} {string.Join(", ", orphans)} {(orphans.Count > 1 ? "have" : "has")} data but would have no standard; keep {(orphans.Count > 1 ? "them" : "it")} under one"));
    }

    private static List<string> Differences(StandardDefinition a, StandardDefinition b)
    {
        var list = new List<string>();
        void Add(string field, object? was, object? now)
        {
            if (!Equals(was, now)) list.Add($"{field}: {Show(was)} → {Show(now)}");
        }
        Add("name_vi", a.NameVi, b.NameVi);
        Add("decree", a.Decree, b.Decree);
        Add("first_year", a.FirstYear, b.FirstYear);
        Add("last_year", a.LastYear, b.LastYear);
        Add("urban_line", a.UrbanLine, b.UrbanLine);
        Add("rural_line", a.RuralLine, b.RuralLine);
        Add("urban_average_top", a.UrbanAverageTop, b.UrbanAverageTop);
        Add("rural_average_top", a.RuralAverageTop, b.RuralAverageTop);
        Add("min_deprivations", a.MinDeprivations, b.MinDeprivations);
        Add("indicators", string.Join(",", a.Indicators), string.Join(",", b.Indicators));
        Add("confirmed", a.Confirmed, b.Confirmed);
        Add("note", a.Note, b.Note);
        return list;
    }

    /// <summary>Numbers as in the file (2800000): the change reads the same in both languages.</summary>
    private static string Show(object? value) => value switch
    {
        null => "null",
        StandardConfirmation c => $"lines={c.Lines}, average_band={c.AverageBand}, min_deprivations={c.MinDeprivations}, indicators={c.Indicators}, validity={c.Validity}".ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>One entry of the file, read field by field against the standard it corrects.</summary>
    private sealed class Entry(string id, JsonElement element, List<Message> problems)
    {
        public StandardDefinition Merge(StandardDefinition was, List<string> known)
        {
            foreach (var property in element.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
                Problem(property.Name, $"không phải trường của một chuẩn nghèo (có: {string.Join(", ", Fields)})", $"is not a field of a standard (known: {string.Join(", ", Fields)})");
            var nameVi = Text("name_vi", was.NameVi, 300);
            var decree = Text("decree", was.Decree, 100);
            var firstYear = Year("first_year", was.FirstYear);
            var lastYear = Year("last_year", was.LastYear);
            if (firstYear > lastYear)
                Problem("last_year", $"{lastYear} trước first_year {firstYear}", $"{lastYear} is before first_year {firstYear}");
            var urbanLine = Amount("urban_line", was.UrbanLine, nullable: false)!.Value;
            var ruralLine = Amount("rural_line", was.RuralLine, nullable: false)!.Value;
            var urbanTop = Amount("urban_average_top", was.UrbanAverageTop, nullable: true);
            var ruralTop = Amount("rural_average_top", was.RuralAverageTop, nullable: true);
            if (urbanTop <= urbanLine)
                Problem("urban_average_top", $"{urbanTop} phải lớn hơn urban_line {urbanLine} (hoặc null: không có khoảng mức sống trung bình)", $"{urbanTop} must be above urban_line {urbanLine} (or null: no average band)");
            if (ruralTop <= ruralLine)
                Problem("rural_average_top", $"{ruralTop} phải lớn hơn rural_line {ruralLine} (hoặc null: không có khoảng mức sống trung bình)", $"{ruralTop} must be above rural_line {ruralLine} (or null: no average band)");
            var indicators = Indicators(was.Indicators, known);
            var k = Whole("min_deprivations", was.MinDeprivations);
            if (k < 1 || k > indicators.Count)
                Problem("min_deprivations", $"{k} phải từ 1 đến số chỉ số của chuẩn ({indicators.Count})", $"{k} must be from 1 to the standard's number of indicators ({indicators.Count})");
            var confirmed = Confirmed(was.Confirmed);
            var note = element.TryGetProperty("note", out var n)
                ? n.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String when n.GetString()!.Length <= 2000 => n.GetString(),
                    _ => Problem<string?>("note", $"phải là một chuỗi (tối đa 2.000 ký tự) hoặc null", $"must be a string (at most 2,000 characters) or null", was.Note),
                }
                : was.Note;
            return new StandardDefinition(was.Id, nameVi, decree, firstYear, lastYear, urbanLine, ruralLine, urbanTop, ruralTop, k, indicators, confirmed, note);
        }

        private string Text(string field, string was, int max)
        {
            if (!element.TryGetProperty(field, out var value)) return was;
            if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text && text.Length <= max) return text;
            return Problem(field, $"phải là một chuỗi không rỗng (tối đa {max} ký tự)", $"must be a non-empty string (at most {max} characters)", was);
        }

        private int Year(string field, int was)
        {
            if (!element.TryGetProperty(field, out var value)) return was;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var year) && year is >= 2000 and <= 2100) return year;
            return Problem(field, $"'{value.GetRawText()}' phải là một năm từ 2000 đến 2100", $"'{value.GetRawText()}' must be a year from 2000 to 2100", was);
        }

        private int Whole(string field, int was)
        {
            if (!element.TryGetProperty(field, out var value)) return was;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
            return Problem(field, $"'{value.GetRawText()}' phải là một số nguyên", $"'{value.GetRawText()}' must be a whole number", was);
        }

        private long? Amount(string field, long? was, bool nullable)
        {
            if (!element.TryGetProperty(field, out var value)) return was;
            if (nullable && value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var amount) && amount is > 0 and <= MaxLine) return amount;
            return Problem(field,
                $"'{value.GetRawText()}' phải là số đồng nguyên dương (đồng/người/tháng, tối đa {MaxLine:N0}){(nullable ? " hoặc null" : "")}",
                $"'{value.GetRawText()}' must be a positive whole number of VND per person and month (at most {MaxLine:N0}){(nullable ? " or null" : "")}", was);
        }

        private List<string> Indicators(IReadOnlyList<string> was, List<string> known)
        {
            if (!element.TryGetProperty("indicators", out var value)) return [.. was];
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0 || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                return Problem("indicators", $"phải là một danh sách mã chỉ số không rỗng", $"must be a non-empty list of indicator codes", was.ToList());
            var codes = value.EnumerateArray().Select(e => e.GetString()!).ToList();
            foreach (var code in codes.Where(c => !known.Contains(c, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
                Problem("indicators", $"chỉ số '{code}' không có trong dim_indicator (có: {string.Join(", ", known)})", $"indicator '{code}' is not in dim_indicator (known: {string.Join(", ", known)})");
            foreach (var code in codes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                Problem("indicators", $"chỉ số '{code}' được kể hai lần", $"indicator '{code}' is listed twice");
            return codes;
        }

        private StandardConfirmation Confirmed(StandardConfirmation was)
        {
            if (!element.TryGetProperty("confirmed", out var value)) return was;
            if (value.ValueKind != JsonValueKind.Object)
                return Problem("confirmed", $"phải là một đối tượng {{ \"lines\": true, … }}", $"must be an object {{ \"lines\": true, … }}", was);
            foreach (var property in value.EnumerateObject())
                if (!ConfirmedFields.Contains(property.Name, StringComparer.Ordinal))
                    Problem("confirmed." + property.Name, $"không phải cờ xác nhận (có: {string.Join(", ", ConfirmedFields)})", $"is not a confirmation flag (known: {string.Join(", ", ConfirmedFields)})");
                else if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    Problem("confirmed." + property.Name, $"phải là true hoặc false", $"must be true or false");
            bool Flag(string name, bool old) => value.TryGetProperty(name, out var f) && f.ValueKind is JsonValueKind.True or JsonValueKind.False ? f.GetBoolean() : old;
            return new StandardConfirmation(Flag("lines", was.Lines), Flag("average_band", was.AverageBand), Flag("min_deprivations", was.MinDeprivations),
                Flag("indicators", was.Indicators), Flag("validity", was.Validity));
        }

        private void Problem(string field, Phrase vi, Phrase en) => problems.Add(Message.Of(vi, en).After($"{id}.{field}: ", $"{id}.{field}: "));

        private T Problem<T>(string field, Phrase vi, Phrase en, T keep)
        {
            Problem(field, vi, en);
            return keep;
        }
    }

    private sealed record IndicatorRow { public required string IndicatorCode { get; init; } }

    private sealed record LoadedYear { public int ReviewYear { get; init; } }
}

/// <summary>What `disu standards update` did to one standard of the file: a new version with its changes, or none (<see cref="Changes"/> empty).</summary>
public sealed record StandardChange(StandardDefinition Standard, int FromVersion, int ToVersion, IReadOnlyList<string> Changes)
{
    public bool NewVersion => ToVersion != FromVersion;
}

public sealed record CorrectionResult(string Source, IReadOnlyList<StandardChange> Standards);

/// <summary>A corrected standards file that is refused, with every problem found; nothing was written.</summary>
public sealed class StandardsFileException(string file, IReadOnlyList<Message> problems)
    : MartException(new Text.Message($"{file}: {string.Join("; ", problems.Select(p => p.Vi))}; không ghi gì vào kho dữ liệu",
                                     $"{file}: {string.Join("; ", problems.Select(p => p.En))}; nothing was written to the mart"))
{
    public IReadOnlyList<Message> Problems { get; } = problems;
}
