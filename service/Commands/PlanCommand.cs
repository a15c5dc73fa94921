using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Forecasting.Planning;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DuckDB.NET.Data;
using Spectre.Console;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu plan`: the ward's target as whole-household targets per residential group (docs/planning.md).</summary>
internal static class PlanCommand
{
    public static Command Build(CliContext context)
    {
        var plan = new Command("plan", "Kế hoạch giảm nghèo theo số hộ nguyên của từng tổ dân phố / thôn: phân bổ, xem, sửa, danh sách hộ (docs/planning.md).");
        plan.Subcommands.Add(BuildAllocate(context));
        plan.Subcommands.Add(BuildShow(context));
        plan.Subcommands.Add(BuildSet(context));
        plan.Subcommands.Add(BuildAnnex(context));
        plan.Subcommands.Add(BuildSetStart(context));
        return plan;
    }

    private static Option<int> Year() => new("--year") { Description = "Năm kế hoạch N (kế hoạch bắt đầu từ kỳ rà soát gần nhất trước N).", Required = true };

    private static Option<string?> WardOption(string description) => new("--ward") { Description = description };

    private static Option<string?> Author() => new("--author") { Description = "Người lập (mặc định: người dùng@máy)." };

    private static Command BuildAllocate(CliContext context)
    {
        var (mart, year, ward, author) = (CommonOptions.Mart(context), Year(), WardOption("Mã phường/xã; bỏ trống: mọi phường/xã có chỉ tiêu của năm N."), Author());
        var command = new Command("allocate",
            "Phân bổ chỉ tiêu tỷ lệ hộ nghèo của phường/xã thành số hộ nghèo cuối năm của từng tổ/thôn, từ dự báo và các hộ gần thoát nghèo nhất; lưu thành phiên bản mới.")
        {
            mart, year, ward, author,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            PlanYear planYear = parse.GetValue(year);
            var by = parse.GetValue(author) ?? context.LoadedBy;
            if (parse.GetValue(ward) is { } one)
            {
                Allocate(context, connection, Ward.Resolve(connection, one, planYear), planYear, by);
                return Cli.Ok;
            }
            var wards = connection.Read<WardCodeRow>("SELECT DISTINCT ward_code FROM fact_target WHERE is_current AND group_code IS NULL AND year = ? ORDER BY 1", planYear)
                .Select(r => r.WardCode).ToList();
            if (wards.Count == 0)
                throw new MartException(new Message($"Chưa có phường/xã nào có chỉ tiêu tỷ lệ hộ nghèo năm {planYear}; nạp tệp chỉ tiêu trước.",
                    $"No ward has a target poor rate for {planYear}; load a target file first."));
            var failed = 0;
            foreach (var code in wards)
            {
                try
                {
                    Allocate(context, connection, Ward.Resolve(connection, code, planYear), planYear, by);
                }
                catch (MartException e)
                {
                    context.Error.WriteLine($"disu: {code}: {e.Message}");
                    failed++;
                }
            }
            return failed == 0 ? Cli.Ok : Cli.Failure;
        });
        return command;
    }

    internal static void Allocate(CliContext context, DuckDBConnection connection, Ward ward, PlanYear year, string author)
    {
        var (allocation, version) = new PlanMaker(connection, context.Clock).Allocate(ward.Code, year, author);
        var b = allocation.Base;
        context.Out.WriteLine($"Kế hoạch năm {year} của {ward.NameInSentence}: phiên bản {version}, phân bổ theo dự báo {b.ModelId}.");
        context.Out.WriteLine(
            $"Chỉ tiêu {N.Percent(b.TargetRate!.Value)} của {N.Count(b.Households)} hộ: cuối năm không quá {N.Count(allocation.TargetHouseholds)} hộ nghèo. " +
            $"Cuối năm {b.BaseYear} có {N.Count(b.PoorStart)} hộ nghèo; dự kiến {N.Count(b.Groups.Sum(g => g.ExpectedNewPoor))} hộ phát sinh mới và " +
            $"{N.Count(b.Groups.Sum(g => g.ExpectedRePoor))} hộ tái nghèo, nên cần {N.Count(allocation.RequiredEscapes)} hộ thoát nghèo " +
            $"({N.Count(allocation.Ranked.Count)} hộ nghèo là ứng viên).");
        if (allocation.Shortfall > 0)
            context.Out.WriteLine($"Không đủ hộ để đạt chỉ tiêu: kể cả khi mọi hộ nghèo thoát nghèo, cuối năm còn {N.Count(allocation.PlannedPoor)} hộ nghèo, " +
                $"thiếu {N.Count(allocation.Shortfall)} hộ so với chỉ tiêu.");
        Show(context, connection, ward, year);
    }

    private static Command BuildShow(CliContext context)
    {
        var (mart, year, ward) = (CommonOptions.Mart(context), Year(), WardOption("Mã phường/xã; bỏ trống: mọi phường/xã có kế hoạch năm N."));
        var command = new Command("show", "In kế hoạch hiện hành của năm N (v_group_plan): từng tổ/thôn và toàn phường/xã, theo số hộ nguyên.") { mart, year, ward };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            PlanYear planYear = parse.GetValue(year);
            var codes = parse.GetValue(ward) is { } one
                ? [Ward.Resolve(connection, one, planYear).Code]
                : connection.Read<WardCodeRow>("SELECT DISTINCT ward_code FROM v_group_plan WHERE year = ? ORDER BY 1", planYear).Select(r => r.WardCode).ToList();
            if (codes.Count == 0)
                throw new MartException(new Message($"Chưa có kế hoạch năm {planYear}; lập bằng disu plan allocate --year {planYear}.",
                    $"There is no plan for {planYear}; make one with disu plan allocate --year {planYear}."));
            foreach (var code in codes)
                Show(context, connection, Ward.Resolve(connection, code, planYear), planYear);
            return Cli.Ok;
        });
        return command;
    }

    internal static void Show(CliContext context, DuckDBConnection connection, Ward ward, PlanYear year)
    {
        var plan = GroupPlan.Read(connection, ward.Code, year)
            ?? throw new MartException(new Message(
                $"{ward.Name} chưa có kế hoạch năm {year}; lập bằng disu plan allocate --year {year} --ward {ward.Code}.",
                $"{ward.Name} has no plan for {year}; make one with disu plan allocate --year {year} --ward {ward.Code}."));
        var b = plan.BaseYear;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Kế hoạch giảm hộ nghèo năm {year} — {Markup.Escape(ward.Name)} (phiên bản {plan.Total.Version})");
        foreach (var header in new[]
                 {
                     "STT", ward.GroupNounTitle, "Tổng số hộ", $"Hộ nghèo cuối năm {b}", "Tỷ lệ (%)", FlowWords.Escaped, FlowWords.NewPoor, FlowWords.RePoor,
                     $"Hộ nghèo cuối năm {year}", "Tỷ lệ (%) ", "Mục tiêu (%)", "Cách lập",
                 })
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        string[] Cells(string number, GroupPlanRow r) =>
        [
            number, Markup.Escape(r.Name), N.Count(r.Households), N.Count(r.PoorStart), N.Rate(r.PoorStartRate), N.Count(r.PlannedEscapes),
            N.Count(r.ExpectedNewPoor), N.Count(r.ExpectedRePoor), N.Count(r.PlannedPoor), N.Rate(r.PlannedRate),
            r.TargetRate is { } t ? N.Rate(t) : "—", Method(r.Method),
        ];
        foreach (var (g, i) in plan.Groups.Select((g, i) => (g, i)))
            table.AddRow(Cells((i + 1).ToString(CultureInfo.InvariantCulture), g));
        table.AddRow(Cells("", plan.Total with { Name = char.ToUpper(ward.WholeUnit[0], N.Culture) + ward.WholeUnit[1..] }));
        context.Console.Write(table);
        var t = plan.Total;
        context.Out.WriteLine(t.TargetHouseholds is not { } most
            ? $"Chưa có chỉ tiêu tỷ lệ toàn {ward.UnitNoun} năm {year} để so sánh."
            : t.Shortfall > 0
                ? $"Chỉ tiêu {N.Percent(t.TargetRate!.Value)}: không quá {N.Count(most)} hộ nghèo; kế hoạch {N.Count(t.PlannedPoor)} hộ ({N.Percent(t.PlannedRate)}), thiếu {N.Count(t.Shortfall!.Value)} hộ so với chỉ tiêu."
                : $"Chỉ tiêu {N.Percent(t.TargetRate!.Value)}: không quá {N.Count(most)} hộ nghèo; kế hoạch {N.Count(t.PlannedPoor)} hộ ({N.Percent(t.PlannedRate)}), đạt chỉ tiêu.");
        context.Out.WriteLine($"Mỗi dòng: hộ nghèo cuối năm {b} − {FlowWords.Escaped.ToLower(N.Culture)} + {FlowWords.NewPoor.ToLower(N.Culture)} + " +
            $"{FlowWords.RePoor.ToLower(N.Culture)} = hộ nghèo cuối năm {year}. Lập bởi {t.Author ?? "—"}" +
            (t.CreatedAt is { } at ? $" lúc {at.ToOffset(Provenance.VietnamOffset).ToString("dd/MM/yyyy HH:mm", N.Culture)}" : "") + ".");
    }

    private static string Method(string method) => string.Join(" + ", method.Split('+').Select(m => m switch
    {
        "allocated" => "phân bổ",
        "planner" => "người lập sửa",
        "file" => "tệp chỉ tiêu",
        _ => m,
    }));

    private static Command BuildSet(CliContext context)
    {
        var (mart, year, author) = (CommonOptions.Mart(context), Year(), Author());
        var ward = new Option<string>("--ward") { Description = "Mã phường/xã.", Required = true };
        var group = new Option<string>("--group") { Description = "Mã tổ/thôn.", Required = true };
        var households = new Option<string>("--poor-households") { Description = "Số hộ nghèo cuối năm N của tổ/thôn (số nguyên, ≥ 0).", Required = true };
        var command = new Command("set", "Người lập kế hoạch đặt số hộ nghèo cuối năm của một tổ/thôn; các tổ khác giữ nguyên; lưu thành phiên bản mới.")
        {
            mart, year, ward, group, households, author,
        };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(households)!.Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
                throw new UsageException(new Message(
                    $"--poor-households: '{text}' không phải số hộ nguyên ≥ 0; ghi số hộ nghèo cuối năm của tổ, ví dụ 3.",
                    $"--poor-households: '{text}' is not a whole number of households ≥ 0; give the group's poor households at the end of the year, e.g. 3."));
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            PlanYear planYear = parse.GetValue(year);
            var resolved = Ward.Resolve(connection, parse.GetValue(ward), planYear);
            var change = new PlanMaker(connection, context.Clock).Set(resolved.Code, planYear, parse.GetValue(group)!, k, parse.GetValue(author) ?? context.LoadedBy);
            context.Out.WriteLine($"Tổ {change.Group}: {N.Count(change.Before)} → {N.Count(change.After)} hộ nghèo cuối năm {planYear} (phiên bản {change.Version}).");
            var rate = 100.0 * change.PlannedPoor / change.Households;
            context.Out.WriteLine(change.TargetHouseholds is not { } most
                ? $"Toàn {resolved.UnitNoun}: {N.Count(change.PlannedPoor)} hộ nghèo ({N.Percent(rate)}); chưa có chỉ tiêu tỷ lệ toàn {resolved.UnitNoun} để so sánh."
                : change.Shortfall > 0
                    ? $"Toàn {resolved.UnitNoun}: {N.Count(change.PlannedPoor)} hộ nghèo ({N.Percent(rate)}), thiếu {N.Count(change.Shortfall!.Value)} hộ so với chỉ tiêu {N.Percent(change.TargetRate!.Value)} (không quá {N.Count(most)} hộ)."
                    : $"Toàn {resolved.UnitNoun}: {N.Count(change.PlannedPoor)} hộ nghèo ({N.Percent(rate)}), đạt chỉ tiêu {N.Percent(change.TargetRate!.Value)} (không quá {N.Count(most)} hộ)" +
                      (change.PlannedPoor < most ? $", thấp hơn chỉ tiêu {N.Count(most - change.PlannedPoor)} hộ." : "."));
            return Cli.Ok;
        });
        return command;
    }

    private static Command BuildSetStart(CliContext context)
    {
        var (mart, author) = (CommonOptions.Mart(context), Author());
        var year = new Option<int>("--year") { Description = "Năm của biểu tổng hợp N (số đầu năm là kết quả được phê duyệt của kỳ rà soát trước N).", Required = true };
        var ward = new Option<string?>("--ward") { Description = "Mã phường/xã; có thể bỏ khi kho chỉ có một phường/xã." };
        var group = new Option<string>("--group") { Description = "Mã tổ/thôn.", Required = true };
        var status = new Option<string>("--status") { Description = "poor (hộ nghèo) hoặc near-poor (hộ cận nghèo).", Required = true };
        var households = new Option<string>("--households") { Description = "Số hộ đầu năm được phê duyệt (số nguyên, ≥ 0).", Required = true };
        var dtts = new Option<string?>("--dtts") { Description = "Trong đó số hộ DTTS; bỏ trống: theo kỳ rà soát." };
        var basis = new Option<string>("--basis") { Description = "Căn cứ: số, ngày quyết định phê duyệt, ví dụ \"Quyết định số 45/QĐ-UBND ngày 25/12/2023 của UBND tỉnh\".", Required = true };
        var command = new Command("set-start",
            "Ghi số hộ nghèo / cận nghèo đầu năm được phê duyệt của một tổ/thôn cho biểu tổng hợp năm N, khi quyết định của tỉnh hoặc dữ liệu đính chính làm số này khác kết quả kỳ rà soát trước; biểu ghi rõ căn cứ.")
        {
            mart, year, ward, group, status, households, dtts, basis, author,
        };
        command.SetAction(parse =>
        {
            var statusClass = FormStarts.ParseClass(parse.GetValue(status)) ?? throw new UsageException(new Message(
                $"--status: '{parse.GetValue(status)}' không dùng được; ghi poor (hộ nghèo) hoặc near-poor (hộ cận nghèo).",
                $"--status: '{parse.GetValue(status)}' is not a class; use poor or near-poor."));
            var count = WholeCount("--households", parse.GetValue(households)!)!.Value;
            var minority = WholeCount("--dtts", parse.GetValue(dtts));
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            ReviewYear formYear = parse.GetValue(year);
            var resolved = Ward.Resolve(connection, parse.GetValue(ward), formYear);
            var change = FormStarts.Record(connection, context.Clock, formYear, resolved.Code, parse.GetValue(group)!, statusClass, count, minority,
                parse.GetValue(basis)!, parse.GetValue(author) ?? context.LoadedBy);
            var classVi = statusClass == "poor" ? "hộ nghèo" : "hộ cận nghèo";
            context.Out.WriteLine($"{change.GroupName} ({change.GroupCode}): {classVi} đầu năm {formYear} {N.Count(change.Before)} → {N.Count(change.After)} hộ (kỳ rà soát trước: {N.Count(change.Review)} hộ).");
            var difference = change.Review - change.After;
            context.Out.WriteLine(difference switch
            {
                0 => "Bằng kết quả kỳ rà soát trước; biểu không cần dòng điều chỉnh.",
                > 0 => $"Biểu năm {formYear} ghi {N.Count(difference)} hộ chênh lệch vào cột phát sinh, có chú thích dưới biểu.",
                _ => $"Biểu năm {formYear} ghi {N.Count(-difference)} hộ chênh lệch vào cột thoát, có chú thích dưới biểu.",
            });
            return Cli.Ok;
        });
        return command;
    }

    private static long? WholeCount(string option, string? text)
    {
        if (text is null) return null;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new UsageException(new Message(
                $"{option}: '{text}' không phải số hộ nguyên ≥ 0.",
                $"{option}: '{text}' is not a whole number of households ≥ 0."));
        return value;
    }

    private static Command BuildAnnex(CliContext context)
    {
        var (mart, year) = (CommonOptions.Mart(context), Year());
        var ward = new Option<string?>("--ward") { Description = "Mã phường/xã; có thể bỏ khi kho chỉ có một phường/xã." };
        var output = new Option<string>("--out") { Description = "Tệp ghi ra: .xlsx, .csv (kèm tệp -provenance.csv) hoặc .pdf.", Required = true };
        var command = new Command("annex",
            "Danh sách từng hộ nghèo của năm gốc, xếp theo mức độ gần thoát nghèo, đánh dấu các hộ được tính vào chỉ tiêu thoát nghèo của từng tổ, kèm lý do (dữ liệu từng hộ).")
        {
            mart, year, ward, output,
        };
        command.SetAction(parse =>
        {
            var file = Path.GetFullPath(parse.GetValue(output)!);
            var format = Path.GetExtension(file).ToLowerInvariant() switch
            {
                ".xlsx" => ReportFormat.Xlsx,
                ".csv" => ReportFormat.Csv,
                ".pdf" => ReportFormat.Pdf,
                var other => throw new UsageException(new Message($"--out: đuôi tệp '{other}' không dùng được; dùng .xlsx, .csv hoặc .pdf.",
                    $"--out: '{other}' files are not written; use .xlsx, .csv or .pdf.")),
            };
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            PlanYear planYear = parse.GetValue(year);
            var resolved = Ward.Resolve(connection, parse.GetValue(ward), planYear);
            var report = Annex(connection, context.Clock, resolved, planYear, Path.GetFileNameWithoutExtension(file));
            foreach (var written in ReportFiles.Write(report, format, Path.GetDirectoryName(file)!))
                context.Out.WriteLine($"đã ghi {written}");
            context.Out.WriteLine($"{N.Count(report.Households.Count)} hộ nghèo cuối năm {report.BaseYear}, {N.Count(report.Households.Count(h => h.Planned))} hộ dự kiến thoát nghèo năm {planYear}.");
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The household-level annex of the ward's current plan for <paramref name="year"/>.</summary>
    internal static PlanAnnexReport Annex(DuckDBConnection connection, TimeProvider clock, Ward ward, PlanYear year, string? stem = null)
    {
        var (baseYear, lines) = PlanAnnex.Read(connection, ward.Code, year);
        var households = lines.Select(l => new AnnexHousehold(l.WardRank, l.GroupRank, l.Candidate.GroupCode, l.Candidate.GroupName, l.Candidate.HouseholdId,
            l.Planned, l.Candidate.Score, l.Candidate.Income, l.Candidate.PovertyLine, l.Candidate.IncomeGap, l.Candidate.Deprivations, l.Candidate.Cutoff,
            l.Candidate.DeprivationsAboveCutoff, l.Candidate.WorkingAge, l.Candidate.Members, l.Candidate.ProgramsReached, l.Candidate.ProgramsEntitled,
            l.Candidate.Reason())).ToList();
        return PlanAnnexReport.Build(connection, clock, ward, year, baseYear, households, stem);
    }

    private sealed record WardCodeRow { public required string WardCode { get; init; } }
}
