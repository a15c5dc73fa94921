using static DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Briefing;

/// <summary>
/// The briefing's sentences, written from the numbers: each case (no target, target met, no
/// forecast, no support, nobody escaped) gets its own wording instead of a template with blanks.
/// </summary>
public sealed class BriefingSentences(BriefingModel model)
{
    private readonly int year = model.Year;
    private readonly int baseYear = model.BaseYear;

    /// <summary>"phường" or "xã": the unit's kind, as the ward's area says (<see cref="Ward.UnitNoun"/>).</summary>
    private readonly string unit = model.Ward.UnitNoun;

    /// <summary>"tổ dân phố" in a phường, "thôn" in a xã (<see cref="Ward.GroupNoun"/>).</summary>
    private readonly string groups = model.Ward.GroupNoun;

    /// <summary>"tổ" / "thôn" once the kind of group has been said.</summary>
    private readonly string group = model.Ward.GroupShort;

    public string RateNow()
    {
        var now = model.Now;
        var change = model.Previous is { } before ? ", " + Change(now.Poor - before.Poor, before) : "";
        if (now.Households == 0)
            return $"Cuối năm {now.Year}, danh sách rà soát của {unit} chưa có hộ nào.";
        if (now.Poor == 0)
            return $"Cuối năm {now.Year}, {unit} không còn hộ nghèo trên tổng số {Count(now.Households)} hộ{change}.";
        return $"Cuối năm {now.Year}, {model.Ward.WholeUnit} có {Count(now.Poor)} hộ nghèo trên tổng số {Count(now.Households)} hộ, " +
               $"tỷ lệ hộ nghèo {Percent(now.PoorRate)}{change}.";
    }

    public string TargetGap()
    {
        if (model.Target is not { } target || model.AllowedPoor is not { } allowed || model.GapHouseholds is not { } gap)
            return $"Cơ sở dữ liệu chưa có chỉ tiêu tỷ lệ hộ nghèo năm {year} của {unit}, nên chưa so sánh được với mục tiêu kế hoạch.";
        var ceiling = allowed == 0 ? "không còn hộ nghèo nào" : $"không quá {Count(allowed)} hộ nghèo với số hộ hiện nay";
        if (gap > 0)
            return $"Mục tiêu năm {year} là {Percent(target)}, tức là {ceiling}; như vậy cần giảm thêm ít nhất {Count(gap)} hộ nghèo " +
                   $"(giảm {Rate(model.GapPoints!.Value)} điểm phần trăm).";
        var hold = gap == 0 ? "không để tăng thêm hộ nghèo nào" : $"không để số hộ nghèo tăng thêm quá {Count(-gap)} hộ";
        return $"Mục tiêu năm {year} là {Percent(target)} ({ceiling}); tỷ lệ hiện nay đã đạt mục tiêu, cần giữ vững kết quả, {hold}.";
    }

    public string Forecast()
    {
        if (model.Forecast is not { } f)
            return $"Chưa có số liệu dự báo cho năm {year}, nên báo cáo không nêu số dự kiến và xếp các {groups} theo tỷ lệ hộ nghèo hiện nay. " +
                   MissingForecast.Why(year);
        var range = f.Low80 == f.High80
            ? $"khoảng tin cậy 80%: {Count(f.Low80)} hộ"
            : $"khoảng tin cậy 80%: từ {Count(f.Low80)} đến {Count(f.High80)} hộ, tức {Percent(f.Low80Rate)} – {Percent(f.High80Rate)}";
        var text = $"Theo dự báo từ số liệu cuối năm {f.BaseYear}, đến cuối năm {year} {unit} dự kiến còn {Households(f.ExpectedPoor)} nghèo, " +
                   $"tỷ lệ {Percent(f.ExpectedRate)} ({range})";
        text += f.PTargetMet is { } p && model.Target is not null
            ? $"; khả năng đạt mục tiêu {Chance(p)}, {ChanceWords(p)}."
            : ".";
        return text;
    }

    /// <summary>
    /// The model's caveat (thin data, no better than the naive baselines), word for word as the
    /// forecast stores it, so that every document warns in the same words; null when it has none.
    /// </summary>
    public string? ForecastCaveat() => model.Forecast?.Caveat;

    /// <summary>When the plan year's own round is loaded, the briefing says how it actually ended.</summary>
    public string? Actual()
    {
        if (model.Actual is not { } a)
            return null;
        var verdict = model.Target is { } t
            ? a.Poor <= (long)Math.Floor((t * a.Households / 100.0) + 1e-9) ? $", đạt mục tiêu {Percent(t)}" : $", chưa đạt mục tiêu {Percent(t)}"
            : "";
        return $"Kết quả rà soát cuối năm {year} đã có: {Count(a.Poor)} hộ nghèo trên {Count(a.Households)} hộ, tỷ lệ {Percent(a.PoorRate)}{verdict}.";
    }

    public string RiskHeading()
    {
        return model.RiskGroups.Count switch
        {
            0 => $"2. Các {groups} có nguy cơ cao",
            1 => $"2. {Capital(groups)} có nguy cơ cao nhất",
            var n => $"2. {Capital(NumberWord(n))} {groups} có nguy cơ cao nhất",
        };
    }

    public string RiskLead()
    {
        if (model.RiskGroups.Count == 0)
            return model.Forecast is null
                ? $"Cuối năm {baseYear} không {groups} nào còn hộ nghèo; chưa có dự báo để đánh giá nguy cơ năm {year}."
                : $"Dự báo năm {year} không có {groups} nào có hộ.";
        return model.Forecast is null
            ? $"Chưa có dự báo, nên các {groups} được xếp theo tỷ lệ hộ nghèo cuối năm {baseYear}; lý do là nội dung thiếu hụt phổ biến nhất của hộ nghèo trong {groups}."
            : $"Xếp theo tỷ lệ hộ nghèo dự kiến năm {year}; lý do là những đặc điểm của hộ trong {groups} khác mặt bằng chung theo hướng làm tăng nguy cơ nghèo.";
    }

    public string RiskLine(RiskGroup g)
    {
        var now = g.PoorNow == 0
            ? $"hiện không có hộ nghèo trên {Count(g.Households)} hộ"
            : $"hiện có {Count(g.PoorNow)} hộ nghèo trên {Count(g.Households)} hộ ({Percent(g.PoorRateNow)})";
        var expected = g.ExpectedRate is { } rate ? $", dự kiến năm {year}: {Percent(rate)} ({Households(g.ExpectedPoor!.Value)})" : "";
        var small = g.SmallCell ? $" ({group} ít hộ, tỷ lệ dễ biến động)" : "";
        return $"– {g.GroupName}{small}: {now}{expected}; lý do chính: {Reason(g)}.";
    }

    public string RePoverty()
    {
        var newly = model.NewlyEscaped > 0
            ? $"{Count(model.NewlyEscaped)} hộ mới thoát nghèo trong {model.NewlyEscapedYears} năm gần đây"
            : null;
        if (model.RePoverty is not { } risk)
            return $"Chưa có dự báo cho năm {year} nên chưa ước tính được nguy cơ tái nghèo. " +
                   (newly is null ? $"Cuối năm {baseYear}, {unit} không có hộ mới thoát nghèo." : $"Cuối năm {baseYear}, {unit} có {newly}, cần tiếp tục theo dõi, hỗ trợ.");
        if (risk.Households == 0)
            return $"Cuối năm {baseYear}, {unit} không có hộ nào từng nghèo nay đã thoát nghèo, nên không có hộ cần theo dõi nguy cơ tái nghèo.";
        var text = $"Cuối năm {baseYear}, {unit} có {Count(risk.Households)} hộ từng nghèo nay đã thoát nghèo" +
                   (newly is null ? "" : model.NewlyEscaped >= risk.Households ? $", tất cả đều mới thoát nghèo trong {model.NewlyEscapedYears} năm gần đây" : $" (trong đó {newly})") +
                   $". Nguy cơ tái nghèo bình quân của các hộ này trong năm {year} là {Percent(risk.MeanRisk * 100, 1)}, " +
                   $"tức dự kiến {Households(risk.ExpectedRePoor)} có thể nghèo trở lại.";
        var threshold = Percent(RePovertyRisk.Threshold * 100, 0);
        if (risk.AboveThreshold > 0)
        {
            var where = risk.Groups.Where(g => g.AboveThreshold > 0).Take(3).Select(g => $"{g.GroupName} ({Count(g.AboveThreshold)} hộ)").ToList();
            var more = risk.Groups.Count(g => g.AboveThreshold > 0) > where.Count ? $" và một số {group} khác" : "";
            var holders = risk.Groups.Where(g => g.AboveThreshold > 0).ToList();
            var place = holders.Count == 1 ? $"đều ở {holders[0].GroupName}" : $"tập trung ở {List(where)}{more}";
            return text + $" Có {Count(risk.AboveThreshold)} hộ có nguy cơ trên {threshold}, {place}.";
        }
        var most = risk.Groups.OrderByDescending(g => g.ExpectedRePoor).ThenByDescending(g => g.Households).First();
        return text + $" Không hộ nào có nguy cơ trên {threshold}; nguy cơ cao nhất ở {most.GroupName} ({Count(most.Households)} hộ từng nghèo).";
    }

    public string Support()
    {
        if (model.Support is not { } s)
            return $"Cơ sở dữ liệu chưa có số liệu hỗ trợ năm {baseYear} hoặc các năm trước, nên chưa đánh giá được kết quả thực hiện các chính sách hỗ trợ.";
        var latest = s.Year < baseYear ? $"Số liệu hỗ trợ mới nhất là năm {s.Year}. " : "";
        var who = s.StatusYear is { } statusYear ? $"; {Among(s.Poor, s.NearPoor)} (theo kết quả rà soát cuối năm {statusYear})" : "";
        var inKind = s.Programs.Count(p => p.AmountVnd is null);
        var kind = inKind == 0 || inKind == s.Programs.Count ? "" : $" Có {Count(inKind)} chương trình hỗ trợ bằng hiện vật, dịch vụ nên không ghi kinh phí.";
        return $"{latest}Năm {s.Year}, {Count(s.Households)} hộ được hỗ trợ qua {Count(s.Programs.Count)} chương trình, " +
               (s.AmountVnd == 0 ? "không ghi kinh phí" : $"tổng kinh phí {Money(s.AmountVnd)}") + $"{who}.{kind}";
    }

    public string? PoorWithoutSupport()
    {
        if (model.Support is not { } s || s.PoorAtBase == 0)
            return null;
        var poor = $"{Count(s.PoorAtBase)} hộ nghèo cuối năm {baseYear}";
        if (s.PoorAtBaseWithoutSupport == 0)
            return $"Tất cả {poor} đều có ít nhất một khoản hỗ trợ trong năm {s.Year}.";
        if (s.PoorAtBaseWithoutSupport == s.PoorAtBase)
            return $"Không hộ nào trong số {poor} có ghi nhận hỗ trợ trong năm {s.Year}; cần rà soát việc thực hiện chính sách.";
        return $"Còn {Count(s.PoorAtBaseWithoutSupport)} trong số {poor} chưa có ghi nhận hỗ trợ nào trong năm {s.Year}; cần rà soát để hỗ trợ kịp thời.";
    }

    /// <summary>The target chart's caption: what <see cref="Charts.TargetChart"/> draws from the same numbers.</summary>
    public string ChartCaption() => Charts.TargetChart.Caption(model.Chart);

    /// <summary>Money as a reader says it: 888,0 triệu đồng, or 1,55 tỷ đồng from a billion up.</summary>
    public static string Money(long vnd) =>
        vnd >= 1_000_000_000 ? $"{Decimal(vnd / 1e9, 2)} tỷ đồng" : $"{Decimal(vnd / 1e6, 1)} triệu đồng";

    /// <summary>An expected count of households: whole households, and "dưới 1 hộ" rather than "khoảng 0 hộ".</summary>
    public static string Households(double expected) =>
        expected < 0.5 ? "dưới 1 hộ" : $"khoảng {Count((long)Math.Round(expected, MidpointRounding.AwayFromZero))} hộ";

    public string Reason(RiskGroup g)
    {
        if (g.Drivers.Count > 0)
            return string.Join(", ", g.Drivers.Select(RiskDrivers.Phrase).Distinct(StringComparer.Ordinal));
        if (g.MainDeprivation is { } lack)
            return (g.PoorNow > 0 ? "hộ nghèo chủ yếu thiếu hụt về " : "nhiều hộ thiếu hụt về ") + Lower(lack);
        return "chưa xác định được yếu tố nổi bật";
    }

    /// <summary>"trong đó 15 hộ nghèo và 38 hộ cận nghèo", without "0 hộ" when a status is absent.</summary>
    private static string Among(long poor, long nearPoor) => (poor, nearPoor) switch
    {
        (0, 0) => "không có hộ nghèo hay cận nghèo nào trong số này",
        (_, 0) => $"trong đó {Count(poor)} hộ nghèo",
        (0, _) => $"trong đó {Count(nearPoor)} hộ cận nghèo, không có hộ nghèo",
        _ => $"trong đó {Count(poor)} hộ nghèo và {Count(nearPoor)} hộ cận nghèo",
    };

    private string Change(long difference, WardRate before) => difference switch
    {
        < 0 => $"giảm {Count(-difference)} hộ so với cuối năm {before.Year} ({Percent(before.PoorRate)})",
        > 0 => $"tăng {Count(difference)} hộ so với cuối năm {before.Year} ({Percent(before.PoorRate)})",
        _ => $"không đổi so với cuối năm {before.Year}",
    };

    /// <summary>The chance of meeting the target as the briefing words it ("trên 99%", "35%"); the web overview shows the same.</summary>
    public static string Chance(double p) => p switch
    {
        > 0.99 and < 1 => "trên 99%",
        > 0 and < 0.01 => "dưới 1%",
        _ => Percent(p * 100, 0),
    };

    public static string ChanceWords(double p) => p switch
    {
        >= 0.9 => "gần như chắc chắn đạt",
        >= 0.6 => "nhiều khả năng đạt",
        >= 0.4 => "khả năng đạt và không đạt gần ngang nhau",
        >= 0.15 => "khó đạt nếu không có thêm giải pháp",
        _ => "rất khó đạt nếu không có thêm giải pháp",
    };

    private static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " và " + items[^1],
    };

    /// <summary>"hai", "ba", …: how many groups a sentence names, in words (up to ten).</summary>
    public static string NumberWord(int n) => n switch
    {
        1 => "một",
        2 => "hai",
        3 => "ba",
        4 => "bốn",
        5 => "năm",
        6 => "sáu",
        7 => "bảy",
        8 => "tám",
        9 => "chín",
        10 => "mười",
        _ => Count(n),
    };

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Culture) + text[1..];

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLower(text[0], Culture) + text[1..];
}
