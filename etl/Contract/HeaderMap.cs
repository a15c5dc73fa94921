using System.Globalization;
using System.Text;
using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Etl.Contract;

/// <summary>
/// Maps a file's header cells to contract columns: case-insensitive, surrounding spaces ignored,
/// the Vietnamese alias accepted. Refuses the file when a required column is missing or two
/// cells name the same column.
/// </summary>
public sealed class HeaderMap
{
    private HeaderMap(FileKind kind, IReadOnlyList<ContractColumn> columns, string?[] byPosition, IReadOnlyList<string> unknown)
    {
        Kind = kind;
        Columns = columns;
        ByPosition = byPosition;
        Unknown = unknown;
    }

    public FileKind Kind { get; }
    public IReadOnlyList<ContractColumn> Columns { get; }

    /// <summary>Contract column name for each header position (null = unknown column, ignored).</summary>
    public IReadOnlyList<string?> ByPosition { get; }

    public IReadOnlyList<string> Unknown { get; }

    /// <summary>Positions whose header cell is empty (values under them are ignored, with a warning).</summary>
    public IReadOnlyList<int> Headerless { get; private init; } = [];

    public int? PositionOf(string column)
    {
        for (var i = 0; i < ByPosition.Count; i++)
            if (ByPosition[i] == column) return i;
        return null;
    }

    public static string Normalize(string header) =>
        header.Trim().Trim('\uFEFF').Normalize(NormalizationForm.FormC).ToLowerInvariant();

    public static HeaderMap Build(IReadOnlyList<string> header)
    {
        var normalized = header.Select(Normalize).ToList();
        if (normalized.All(string.IsNullOrEmpty))
            throw new FileRefusedException(
                $"dòng đầu tiên trống: tệp phải bắt đầu bằng dòng tiêu đề ghi tên các cột",
                $"the first row is empty: the file must start with a header row naming its columns");
        var kind = InputContract.Detect(normalized) ?? throw new FileRefusedException(
            $"không phải tệp theo quy định dữ liệu đầu vào: dòng tiêu đề không có nhóm cột khóa nào " +
            $"(review_year + household_id cho tệp hộ, program cho tệp hỗ trợ, target_poor_rate cho tệp mục tiêu, old_code + new_code cho tệp sắp xếp đơn vị hành chính); " +
            $"hãy dùng tiêu đề của mẫu. Tiêu đề đọc được: {string.Join(", ", header.Take(12))}",
            $"not a file of the input contract: its header has none of the key column sets " +
            $"(review_year + household_id for a household snapshot, program for support records, " +
            $"target_poor_rate for plan targets, old_code + new_code for unit changes). Header found: {string.Join(", ", header.Take(12))}");
        var columns = InputContract.For(kind);
        var byPosition = new string?[normalized.Count];
        var unknown = new List<string>();
        var headerless = new List<int>();
        for (var i = 0; i < normalized.Count; i++)
        {
            var match = columns.FirstOrDefault(c => c.Name == normalized[i] || c.Alias == normalized[i]);
            if (match is null)
            {
                if (normalized[i].Length > 0) unknown.Add(header[i].Trim());
                else headerless.Add(i);
                continue;
            }
            var earlier = Array.IndexOf(byPosition, match.Name);
            if (earlier >= 0)
                throw new FileRefusedException(
                    $"cột {earlier + 1} ('{header[earlier].Trim()}') và cột {i + 1} ('{header[i].Trim()}') cùng là {match.Name}: hãy giữ một cột",
                    $"columns {earlier + 1} ('{header[earlier].Trim()}') and {i + 1} ('{header[i].Trim()}') both give {match.Name}: keep one of them",
                    match.Name);
            byPosition[i] = match.Name;
        }
        var missing = columns.Where(c => c.RequiredInHeader && Array.IndexOf(byPosition, c.Name) < 0).ToList();
        if (missing.Count > 0)
            throw new FileRefusedException(
                $"thiếu cột bắt buộc: {string.Join(", ", missing.Select(c => $"{c.Name} ({c.Alias})"))} — {KindVi(kind)} cần đủ mọi cột theo quy định; hãy thêm cột rồi nạp lại",
                $"required column{(missing.Count > 1 ? "s" : "")} missing: {string.Join(", ", missing.Select(c => $"{c.Name} ({c.Alias})"))}" +
                $" — a {kind.ToString().ToLower(CultureInfo.InvariantCulture)} file needs every column of the contract",
                missing[0].Name);
        return new HeaderMap(kind, columns, byPosition, unknown) { Headerless = headerless };
    }

    private static string KindVi(FileKind kind) => kind switch
    {
        FileKind.Snapshot => "tệp hộ (snapshot)",
        FileKind.Support => "tệp hỗ trợ (support)",
        _ => "tệp mục tiêu (target)",
    };
}

/// <summary>Why a file is refused as a whole.</summary>
public enum Refusal
{
    /// <summary>It is a readable table, but not one of the input contract (header, columns, rows).</summary>
    Contract,

    /// <summary>It is not a sound file of its format: a corrupt or crafted workbook, a DTD in its XML.</summary>
    Malformed,

    /// <summary>It would take more than the set limits to read (size once expanded, compression ratio, time).</summary>
    TooLarge,
}

/// <summary>The file as a whole is unusable; nothing of it is loaded and the reason is recorded (in both languages).</summary>
public sealed class FileRefusedException(Message reason, string? column = null, Refusal kind = Refusal.Contract) : Exception(reason.Vi), IHasMessage
{
    public FileRefusedException(Phrase vi, Phrase en, string? column = null, Refusal kind = Refusal.Contract)
        : this(DiSu.Analytics.Mart.Text.Message.Of(vi, en), column, kind) { }

    // No constructor from one string: $"…" without holes is a string constant, and would bind
    // (vi, en) to (reason, column). A reason the same in both languages is Message.Same(text).

    public string? Column { get; } = column;

    public Refusal Kind { get; } = kind;

    /// <summary>The reason in both languages; <see cref="Exception.Message"/> is the Vietnamese.</summary>
    public Message Text { get; } = reason;
}
