using System.CommandLine;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Standards;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu standards impact`: a review year's households classified under another poverty standard
/// (a what-if stored in standard_impact, never the official status), printed per group and ward
/// from v_standard_impact with the bounds where an indicator was not collected (docs/poverty-standards.md).
/// </summary>
internal static class StandardsImpactCommand
{
    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var year = new Option<int>("--year") { Description = "Review year Y whose current households are classified (2000–2100, a loaded year).", Required = true };
        var standard = new Option<string>("--standard") { Description = "The other standard's id in dim_standard, e.g. ND351_2025.", Required = true };
        var ward = new Option<string?>("--ward") { Description = "Ward code; without it every ward of year Y." };
        var format = new Option<string>("--format") { Description = "table (Vietnamese, per group and ward) or csv (one row per group and ward, invariant numbers).", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out") { Description = "Write the table or CSV to this file instead of the screen." };
        var command = new Command("impact",
            "What-if: classify every household of review year Y under another poverty standard (stored apart from the official status in standard_impact) " +
            "and print, per residential group and ward, poor / near-poor / average under both standards, households that change class and why, " +
            "and the low–high bounds where an indicator the standard needs was not collected.")
        {
            mart, year, standard, ward, format, output,
        };
        command.SetAction(parse =>
        {
            var kind = parse.GetValue(format)!.Trim().ToLowerInvariant() switch
            {
                "table" => OutputFormat.Table,
                "csv" => OutputFormat.Csv,
                var other => throw new UsageException($"--format: '{other}' không dùng được; dùng table hoặc csv.",
                                                      $"--format: '{other}' is not a format of this command; use table or csv."),
            };
            var standardId = parse.GetValue(standard)!.Trim();
            var reviewYear = parse.GetValue(year);
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            if (StandardImpact.Problem(connection, reviewYear, standardId, parse.GetValue(ward)) is { } problem)
                throw new UsageException(problem);
            var code = parse.GetValue(ward) is { } asked ? Wards.Find(connection, asked) : null;
            var file = parse.GetValue(output);
            using var target = file is null ? null : Open(file);
            var written = StandardImpact.Store(connection, reviewYear, standardId, code, context.Clock.GetUtcNow(), context.LoadedBy);
            var writer = (TextWriter?)target ?? context.Out;
            if (kind == OutputFormat.Csv)
                WriteCsv(connection, writer, context, reviewYear, standardId, code);
            else
                WriteTables(context, target is null ? context.Console : CliContext.CreateConsole(target), writer,
                    connection, StandardImpact.Read(connection, reviewYear, standardId, code), standardId);
            if (target is not null)
            {
                target.Flush();
                context.Line($"đã ghi {Path.GetFullPath(file!)}", $"wrote {Path.GetFullPath(file!)}");
            }
            // CSV on standard output stays CSV: the note goes to standard error then.
            var note = kind == OutputFormat.Csv && target is null ? context.Error : context.Out;
            note.WriteLine(context.T(
                $"Đã lưu phân loại giả định của {written:N0} hộ năm {reviewYear} theo {standardId} vào standard_impact (xem v_standard_impact); chạy lại sẽ thay phân loại này, kết quả chính thức không đổi.",
                $"Stored the what-if of {written:N0} households of {reviewYear} under {standardId} in standard_impact (see v_standard_impact); a re-run replaces it, the official status is unchanged."));
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The --out file, opened before anything is stored: a path that cannot be written is the user's to correct.</summary>
    private static StreamWriter Open(string file)
    {
        try
        {
            return new StreamWriter(Path.GetFullPath(file), append: false, new System.Text.UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--out '{file}': không ghi được tệp này ({e.Message}).", $"--out '{file}': cannot write this file ({e.Message}).");
        }
    }

    private static void WriteCsv(DuckDBConnection connection, TextWriter writer, CliContext context, int year, string standardId, string? ward)
    {
        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT * FROM v_standard_impact
            WHERE review_year = $year AND standard_id = $standard AND ($ward::VARCHAR IS NULL OR ward_code = $ward::VARCHAR)
            ORDER BY ward_code, group_code IS NULL, group_code
            """;
        query.Parameters.Add(new DuckDBParameter("year", year));
        query.Parameters.Add(new DuckDBParameter("standard", standardId));
        query.Parameters.Add(new DuckDBParameter("ward", ward));
        using var reader = query.ExecuteReader();
        ResultWriter.Write(reader, OutputFormat.Csv, writer, context.Console, context.Language);
    }

    private static void WriteTables(CliContext context, IAnsiConsole console, TextWriter writer, DuckDBConnection connection,
        IReadOnlyList<StandardImpactRow> rows, string standardId)
    {
        var culture = context.Language.Culture();
        var english = context.Language == Language.English;
        string Count(long value) => value.ToString("N0", culture);
        string Range(long a, long b) => a == b ? Count(a) : $"{Count(Math.Min(a, b))}–{Count(Math.Max(a, b))}";
        var decrees = connection.Read<DecreeRow>("SELECT standard_id, decree FROM dim_standard")
            .ToDictionary(d => d.StandardId, d => d.Decree, StringComparer.Ordinal);
        // "07/2021/NĐ-CP" reads "NĐ 07/2021" in a header: the decree's number and year.
        string Name(string id) => decrees.TryGetValue(id, out var decree)
            ? (english ? "Decree " : "NĐ ") + string.Join('/', decree.Split('/').Take(2))
            : id;
        foreach (var wardRows in rows.GroupBy(r => r.WardCode))
        {
            var total = wardRows.Single(r => r.GroupCode is null);
            var unit = DiSu.Analytics.Reports.Ward.Resolve(connection, total.WardCode, new ReviewYear(total.ReviewYear));
            var (own, other) = (Name(total.YearStandardId), Name(standardId));
            console.Write(new Rule(Markup.Escape(english
                ? $"{total.WardName} ({total.WardCode}), review year {total.ReviewYear}: {own} (official) and {other} (what-if)"
                : $"{total.WardName} ({total.WardCode}), năm rà soát {total.ReviewYear}: {own} (chính thức) và {other} (giả định)")));
            var table = new Table().Border(TableBorder.Rounded);
            // Two-line headers (what, then which standard) keep the table within a screen's width.
            string[] headers = english
                ?
                [
                    "Group", "Households", $"Poor\n{own}", $"Poor\n{other}", $"Near-poor\n{own}", $"Near-poor\n{other}",
                    $"Average\n{own}", $"Average\n{other}", "Changed\nclass", "by income\nline", "indicator\ndropped", "indicator\nadded", "combined",
                ]
                :
                [
                    unit.GroupNounTitle, "Số hộ", $"Hộ nghèo\n{own}", $"Hộ nghèo\n{other}", $"Cận nghèo\n{own}", $"Cận nghèo\n{other}",
                    $"Trung bình\n{own}", $"Trung bình\n{other}", "Hộ đổi\nloại", "do chuẩn\nthu nhập", "do bỏ\nchỉ số", "do thêm\nchỉ số", "do cả\nhai",
                ];
            foreach (var header in headers)
                table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
            foreach (var r in wardRows)
            {
                var name = r.GroupCode is null ? (english ? "Whole ward" : char.ToUpper(unit.WholeUnit[0], culture) + unit.WholeUnit[1..]) : $"{r.GroupName} ({r.GroupCode})";
                table.AddRow(
                    Markup.Escape(name), Count(r.Households),
                    Count(r.Poor), Range(r.PoorLow, r.PoorHigh),
                    Count(r.NearPoor), Range(r.NearPoorLow, r.NearPoorHigh),
                    Count(r.Average), Range(r.AverageLow, r.AverageHigh),
                    Range(r.ChangedLow, r.ChangedHigh),
                    Range(r.ChangedIncomeLineLow, r.ChangedIncomeLineHigh),
                    Range(r.ChangedIndicatorDroppedLow, r.ChangedIndicatorDroppedHigh),
                    Range(r.ChangedIndicatorAddedLow, r.ChangedIndicatorAddedHigh),
                    Range(r.ChangedCombinedLow, r.ChangedCombinedHigh));
            }
            console.Write(table);
            foreach (var line in Notes(context, connection, total, own, other))
                writer.WriteLine(line);
        }
    }

    /// <summary>What the numbers assume: the missing indicators and their bounds, the baseline of the changes, an equal standard.</summary>
    private static IEnumerable<string> Notes(CliContext context, DuckDBConnection connection, StandardImpactRow total, string own, string other)
    {
        if (total.BoundsNeeded)
        {
            var labels = StandardImpact.Labels(connection, total.MissingIndicators);
            var vi = string.Join(", ", labels.Select(l => $"{l.LabelVi} ({l.IndicatorCode})"));
            var en = string.Join(", ", labels.Select(l => $"{l.LabelEn} ({l.IndicatorCode})"));
            yield return context.T(
                $"Năm {total.ReviewYear} không thu thập chỉ số {vi} mà {other} cần ({total.HouseholdsMissing:N0} hộ không có số liệu): " +
                $"số theo {other} ghi thấp–cao, cận dưới coi hộ không thiếu hụt chỉ số này, cận trên coi hộ thiếu hụt.",
                $"{total.ReviewYear} did not collect {en}, which {other} needs ({total.HouseholdsMissing:N0} households without it): " +
                $"figures under {other} read low–high, the low bound assuming not deprived and the high bound deprived.");
        }
        else
            yield return context.T($"Mọi chỉ số {other} cần đều có số liệu năm {total.ReviewYear}: không cần cận.",
                                   $"Every indicator {other} needs was collected in {total.ReviewYear}: no bounds are needed.");
        if (total.StandardId == total.YearStandardId)
            yield return context.T(
                $"{other} là chuẩn của chính năm {total.ReviewYear}: phân loại giả định lặp lại quy tắc đang áp dụng (dùng để đối chiếu), nên không hộ nào đổi loại.",
                $"{other} is the standard of {total.ReviewYear} itself: the what-if repeats the rule in force (a check), so no household changes class.");
        var recorded = Math.Abs(total.Poor - total.ComputedPoor) + Math.Abs(total.NearPoor - total.ComputedNearPoor) + Math.Abs(total.Average - total.ComputedAverage);
        yield return recorded == 0
            ? context.T($"Số theo {own} là kết quả chính thức; hộ đổi loại là hộ có loại theo {other} khác loại theo {own}.",
                        $"Figures under {own} are the official status; a household changes class when its class under {other} differs from its class under {own}.")
            : context.T($"Số theo {own} là kết quả chính thức (có hộ được ghi khác kết quả tính, ví dụ {total.ComputedPoor:N0} hộ nghèo theo tính toán); " +
                        $"hộ đổi loại được so với kết quả tính theo {own}.",
                        $"Figures under {own} are the official status (some recorded statuses differ from the rule, e.g. {total.ComputedPoor:N0} poor by the rule); " +
                        $"changes of class are counted against the rule under {own}.");
    }

    private sealed record DecreeRow
    {
        public required string StandardId { get; init; }
        public required string Decree { get; init; }
    }
}
