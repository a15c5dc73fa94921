namespace DiSu.Analytics.Reports.Trend;

/// <summary>
/// The report's sentences, written from the model's numbers so that the text can never disagree
/// with the tables beside it.
/// </summary>
public static class TrendText
{
    /// <summary>"phường Dị Sử": the ward's name as it reads inside a sentence.</summary>
    public static string PlaceInSentence(Ward ward) => ward.NameInSentence;

    public static string Period(int first, int last) =>
        first == last ? $"năm {TrendCharts.Year(first)}" : $"giai đoạn {TrendCharts.Year(first)}–{TrendCharts.Year(last)}";

    public static string Title(TrendModel model) =>
        $"Báo cáo diễn biến tỷ lệ hộ nghèo, hộ cận nghèo {PlaceInSentence(model.Ward)} {Period(model.FirstYear, model.LastYear)}";

    /// <summary>The opening paragraphs: where the rates started and ended, and what moved them.</summary>
    public static IReadOnlyList<string> Summary(TrendModel model)
    {
        var first = model.WardYears[0];
        var last = model.WardYears[^1];
        var place = PlaceInSentence(model.Ward);
        var text = new List<string>();
        if (first.Year == last.Year)
        {
            text.Add($"Cuối năm {TrendCharts.Year(last.Year)}, {place} có {VietnameseNumbers.Count(last.Poor)} hộ nghèo " +
                $"trên tổng số {VietnameseNumbers.Count(last.Households)} hộ (tỷ lệ {Percent(last.PoorRate)}) và " +
                $"{VietnameseNumbers.Count(last.NearPoor)} hộ cận nghèo (tỷ lệ {Percent(last.NearPoorRate)}).");
        }
        else
        {
            text.Add($"{Capitalise(Period(first.Year, last.Year))}, tỷ lệ hộ nghèo của {place} {Change(first.PoorRate, last.PoorRate)} " +
                $"({VietnameseNumbers.Count(first.Poor)}/{VietnameseNumbers.Count(first.Households)} hộ năm {TrendCharts.Year(first.Year)}; " +
                $"{VietnameseNumbers.Count(last.Poor)}/{VietnameseNumbers.Count(last.Households)} hộ năm {TrendCharts.Year(last.Year)}); " +
                $"tỷ lệ hộ cận nghèo {Change(first.NearPoorRate, last.NearPoorRate)}.");
            // Flows of the first year describe the change into it, not within the period.
            var within = model.WardYears.Where(y => y.Year > first.Year && y.HasFlows).ToList();
            if (within.Count > 0)
                text.Add(PeriodFlows(first.Year, last.Year, within));
        }
        if (model.WardYears.LastOrDefault(y => y.TargetPoorRate.HasValue) is { } planned && planned.PoorRate is { } actual)
        {
            var met = Math.Round(actual, 2) <= Math.Round(planned.TargetPoorRate!.Value, 2);
            text.Add($"Mục tiêu kế hoạch năm {TrendCharts.Year(planned.Year)} là tỷ lệ hộ nghèo {Percent(planned.TargetPoorRate)}; " +
                $"kết quả rà soát {Percent(actual)}: {(met ? "đạt mục tiêu" : "chưa đạt mục tiêu")}.");
        }
        if (model.MissingYears.Count > 0)
            text.Add($"Không có số liệu rà soát năm {string.Join(", ", model.MissingYears.Select(TrendCharts.Year))} trong kho dữ liệu; các năm này không có trong báo cáo.");
        return text;
    }

    /// <summary>
    /// The flows of the years after the first, summed, in the words of <see cref="FlowWords"/> and
    /// with the identity on the printed numbers (the ward's start of each year is the end of the one before).
    /// </summary>
    private static string PeriodFlows(int from, int to, IReadOnlyList<TrendYear> within)
    {
        long Sum(Func<TrendYear, long?> flow) => within.Sum(y => flow(y) ?? 0);
        var (start, end) = (within[0].PoorStart ?? 0, within[^1].Poor);
        var (escaped, left, newPoor, nearPoor, rePoor, entered) =
            (Sum(y => y.Escaped), Sum(y => y.Left), Sum(y => y.NewPoor), Sum(y => y.NearPoorToPoor), Sum(y => y.RePoor), Sum(y => y.Entered));
        string C(long n) => VietnameseNumbers.Count(n);
        return $"Từ sau rà soát năm {TrendCharts.Year(from)} đến năm {TrendCharts.Year(to)} có {C(escaped)} hộ thoát nghèo và {C(left)} hộ chuyển đi; " +
            $"{C(newPoor)} hộ phát sinh mới (trong đó {C(nearPoor)} hộ cận nghèo chuyển thành hộ nghèo), {C(rePoor)} hộ tái nghèo và {C(entered)} hộ chuyển đến. " +
            $"Số hộ nghèo: {C(start)} − {C(escaped)} + {C(newPoor)} + {C(rePoor)} + {C(entered)} − {C(left)} = {C(end)} hộ.";
    }

    public static string Flows(TrendModel model)
    {
        var first = model.WardYears[0];
        var lead = first.HasFlows
            ? ""
            : $"Năm {TrendCharts.Year(first.Year)} là kỳ rà soát đầu tiên có trong kho dữ liệu nên chưa có số liệu biến động. ";
        return lead + "Phần trên trục là số hộ nghèo tăng trong năm (phát sinh mới, tái nghèo, chuyển đến), phần dưới trục là số hộ " +
            $"nghèo giảm (thoát nghèo, chuyển đi); {FlowNotes.NewPoorCovers}. Tăng trừ giảm bằng thay đổi số hộ nghèo so với kỳ rà soát trước.";
    }

    public static string Deprivations(TrendModel model)
    {
        var worst = model.Deprivations.Indicators
            .Select(i => (Indicator: i, Rate: model.Deprivations.WardCell(i.Code)?.UncensoredRate))
            .Where(x => x.Rate.HasValue)
            .OrderByDescending(x => x.Rate)
            .Take(3)
            .Select(x => $"{x.Indicator.Label.ToLower(VietnameseNumbers.Culture)} ({Percent(x.Rate)})")
            .ToList();
        var lead = $"Tỷ lệ hộ thiếu hụt từng chỉ số dịch vụ xã hội cơ bản năm {TrendCharts.Year(model.Deprivations.Year)}, " +
            $"tính trên tổng số hộ của từng {model.Ward.GroupNoun} (không chỉ hộ nghèo).";
        return worst.Count == 0 ? lead : lead + $" {Capitalise(model.Ward.WholeUnit)}, thiếu hụt nhiều nhất là: {string.Join("; ", worst)}.";
    }

    public static string Groups(TrendModel model)
    {
        var year = TrendCharts.Year(model.LastYear);
        var latest = model.Groups
            .Select(g => (Group: g, Year: g.Years.FirstOrDefault(y => y.Year == model.LastYear)))
            .Where(x => x.Year is { Households: > 0 })
            .ToList();
        if (latest.Count == 0)
            return "";
        var withPoor = latest.Where(x => x.Year!.Poor > 0).ToList();
        if (withPoor.Count == 0)
            return $"Năm {year}, không {model.Ward.GroupNoun} nào còn hộ nghèo.";
        var highest = withPoor.OrderByDescending(x => x.Year!.PoorRate).ThenBy(x => x.Group.Code, StringComparer.Ordinal).First();
        return $"Năm {year}, {model.Ward.GroupNoun} có tỷ lệ hộ nghèo cao nhất là {highest.Group.Name} ({Percent(highest.Year!.PoorRate)}); " +
            $"{VietnameseNumbers.Count(latest.Count - withPoor.Count)}/{VietnameseNumbers.Count(latest.Count)} {model.Ward.GroupNoun} không còn hộ nghèo.";
    }

    /// <summary>The caption of the groups' small multiples: the target markers are named only when some group has a target to draw.</summary>
    public static string GroupChartsCaption(TrendModel model, bool targets) =>
        $"Biểu đồ 4. Tỷ lệ hộ nghèo (đỏ đậm), hộ cận nghèo (cam){(targets ? " và mục tiêu kế hoạch (hình thoi xanh)" : "")} " +
        $"theo {model.Ward.GroupNoun} (%; thang đo trục tung riêng từng biểu đồ)";

    /// <summary>What the group tables share with Bảng 1, what moves mean for a group, and why there is no target column.</summary>
    public static string GroupTablesNote(TrendModel model, bool targets)
    {
        var last = model.Groups.Count + 1;
        var tables = last == 2 ? "Bảng 2" : $"Bảng 2–{last}";
        var note = $"{tables}: các cột như Bảng 1, {FlowNotes.Identity.ToLower(VietnameseNumbers.Culture)}; {FlowNotes.Moves(model.Ward)}.";
        return targets ? note : note + $" Chưa có mục tiêu kế hoạch riêng của từng {model.Ward.GroupShort} nên các bảng không có cột mục tiêu.";
    }

    public static string SmallCellNote(TrendModel model) =>
        $"(*) Nhóm nhỏ: dưới {VietnameseNumbers.Count(model.SmallCellHouseholds)} hộ; tỷ lệ dao động lớn khi chỉ một hộ thay đổi, cần thận trọng khi so sánh.";

    public static string Percent(double? rate) => rate is { } r ? VietnameseNumbers.Percent(r) : "—";

    public static string Rate(double? rate) => rate is { } r ? VietnameseNumbers.Rate(r) : "—";

    public static string Count(long? count) => count is { } c ? VietnameseNumbers.Count(c) : "—";

    /// <summary>"giảm từ 1,06% xuống 0,29%", compared at the precision printed.</summary>
    private static string Change(double? from, double? to)
    {
        if (from is not { } a || to is not { } b)
            return $"từ {Percent(from)} đến {Percent(to)}";
        var delta = Math.Round(b, 2) - Math.Round(a, 2);
        return delta switch
        {
            < 0 => $"giảm từ {Percent(a)} xuống {Percent(b)} (giảm {VietnameseNumbers.Rate(-delta)} điểm phần trăm)",
            > 0 => $"tăng từ {Percent(a)} lên {Percent(b)} (tăng {VietnameseNumbers.Rate(delta)} điểm phần trăm)",
            _ => $"không đổi ở mức {Percent(b)}",
        };
    }

    public static string Capitalise(string text) =>
        text.Length > 0 ? char.ToUpper(text[0], VietnameseNumbers.Culture) + text[1..] : text;
}
