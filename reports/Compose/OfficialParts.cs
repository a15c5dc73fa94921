using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Reports.Compose;

/// <summary>
/// The parts every document of a People's Committee carries (Decree 30/2020 layout): the
/// two-column letterhead, the place and date line, the title, and the signature block.
/// </summary>
public static class OfficialParts
{
    private static readonly TextStyle Unit = new(11.5f, Bold: true, Align: TextAlign.Center);
    private static readonly TextStyle Motto = new(11.5f, Bold: true, Align: TextAlign.Center);

    /// <summary>
    /// Letterhead: the issuing unit under the unit directly above it on the left (Decree 30/2020:
    /// a commune-level committee names its superior, "UBND THỊ XÃ MỸ HÀO" over "UBND PHƯỜNG DỊ SỬ";
    /// the province when the ward's parent_unit is not set), the national motto on the right, the
    /// place and date under it.
    /// </summary>
    public static Block Letterhead(Ward ward, DateTimeOffset issued)
    {
        var left = new Stack(
            new Paragraph(SuperiorUnit(ward), Unit with { Bold = false }, 0),
            new Paragraph(ward.IssuingUnit, Unit, 0),
            new Rule(0.35f, 3));
        var right = new Stack(
            new Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Motto with { Size = 11f }, 0),
            new Paragraph("Độc lập - Tự do - Hạnh phúc", Motto, 0),
            new Rule(0.5f, 3),
            new Paragraph(PlaceAndDate(ward, issued), TextStyle.Caption with { Size = 11f, Align = TextAlign.Center }, 0));
        return new Columns([(0.42f, left), (0.58f, right)], gap: 6);
    }

    /// <summary>"UBND THỊ XÃ MỸ HÀO" from the ward's parent_unit, else "UBND TỈNH HƯNG YÊN".</summary>
    public static string SuperiorUnit(Ward ward) =>
        "UBND " + (ward.ParentUnit ?? ProvinceUnit(ward)).ToUpper(VietnameseNumbers.Culture);

    /// <summary>"tỉnh Hưng Yên" inside a sentence; a province named with its kind ("Thành phố Hà Nội") keeps it.</summary>
    public static string ProvinceUnit(Ward ward)
    {
        foreach (var kind in new[] { "tỉnh ", "thành phố " })
        {
            if (ward.ProvinceName.StartsWith(kind, StringComparison.OrdinalIgnoreCase))
                return kind + ward.ProvinceName[kind.Length..];
        }
        return "tỉnh " + ward.ProvinceName;
    }

    /// <summary>
    /// "Dị Sử, ngày 30 tháng 11 năm 2026" in Vietnam's time: the place is the unit's proper name
    /// without its kind (phường, xã, thị trấn), except a unit named by a number, which keeps it
    /// ("Phường 15, ngày …"), as Decree 30/2020 prescribes.
    /// </summary>
    public static string PlaceAndDate(Ward ward, DateTimeOffset issued)
    {
        var local = issued.ToOffset(Provenance.VietnamOffset);
        return $"{Place(ward.Name)}, ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}";
    }

    /// <summary>The place of the date line: "Phường Dị Sử" → "Dị Sử", "Xã 0001" stays "Xã 0001".</summary>
    public static string Place(string unitName)
    {
        foreach (var kind in new[] { "Phường ", "Xã ", "Thị trấn " })
        {
            if (!unitName.StartsWith(kind, StringComparison.OrdinalIgnoreCase))
                continue;
            var name = unitName[kind.Length..].Trim();
            return name.Length == 0 || name.All(c => char.IsDigit(c) || c == ' ') ? unitName : name;
        }
        return unitName;
    }

    /// <summary>
    /// The "Nơi nhận" lines, one recipient a line, "- …;" and the last "- ….": from the ward's
    /// recipients setting, else the unit's own leadership, its residential groups and the archive.
    /// </summary>
    public static string Receivers(Ward ward)
    {
        var entries = ward.Recipients is { } set
            ? set.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [$"Thường trực Đảng ủy, HĐND {ward.UnitNoun}", $"Các {ward.GroupNoun}", "Lưu: VT"];
        return string.Join("\n", entries.Select((e, i) => "- " + e + (i == entries.Length - 1 ? "." : ";")));
    }

    /// <summary>Document title and an optional subtitle in italics, centred.</summary>
    public static Block Title(string title, string? subtitle = null)
    {
        var blocks = new List<Block> { new Spacer(10), new Paragraph(title.ToUpper(VietnameseNumbers.Culture), TextStyle.Title, 2) };
        if (subtitle is not null)
            blocks.Add(new Paragraph(subtitle, TextStyle.Caption with { Size = 11.5f, Align = TextAlign.Center }, 2));
        blocks.Add(new Spacer(8));
        return new KeepTogether(blocks);
    }

    /// <summary>
    /// Signature block on the right: role, a space to sign, and an empty name line. Kept with what
    /// precedes it so it never opens a page alone.
    /// </summary>
    public static Block Signature(string onBehalf = "TM. ỦY BAN NHÂN DÂN", string role = "CHỦ TỊCH", string? receivers = null)
    {
        var sign = Signer(onBehalf, role);
        var left = receivers is null
            ? (Block)new Spacer(1)
            : new Stack(new Paragraph("Nơi nhận:", TextStyle.BodyBold with { Size = 10.5f, Italic = true }, 0), new Paragraph(receivers, TextStyle.Small with { Size = 10f }, 0));
        return new KeepTogether([new Spacer(6), new Columns([(0.45f, left), (0.55f, sign)])], withPrevious: true);
    }

    /// <summary>The signer's part alone, for layouts that put it beside other text (notes on the left).</summary>
    public static Block Signer(string onBehalf = "TM. ỦY BAN NHÂN DÂN", string role = "CHỦ TỊCH") => new Stack(
        new Spacer(4),
        new Paragraph(onBehalf, Unit, 0),
        new Paragraph(role, Unit, 0),
        new Paragraph("(Ký, ghi rõ họ tên, đóng dấu)", TextStyle.Caption with { Align = TextAlign.Center }, 0),
        new Spacer(44));
}
