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

    /// <summary>Letterhead: issuing unit on the left, the national motto on the right, the date under it.</summary>
    public static Block Letterhead(Ward ward, DateTimeOffset issued)
    {
        var left = new Stack(
            new Paragraph("UBND TỈNH " + ward.ProvinceName.ToUpper(VietnameseNumbers.Culture), Unit with { Bold = false }, 0),
            new Paragraph(ward.IssuingUnit, Unit, 0),
            new Rule(0.35f, 3));
        var right = new Stack(
            new Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Motto with { Size = 11f }, 0),
            new Paragraph("Độc lập - Tự do - Hạnh phúc", Motto, 0),
            new Rule(0.5f, 3),
            new Paragraph(PlaceAndDate(ward, issued), TextStyle.Caption with { Size = 11f, Align = TextAlign.Center }, 0));
        return new Columns([(0.42f, left), (0.58f, right)], gap: 6);
    }

    /// <summary>"Dị Sử, ngày 30 tháng 11 năm 2026" in Vietnam's time.</summary>
    public static string PlaceAndDate(Ward ward, DateTimeOffset issued)
    {
        var local = issued.ToOffset(Provenance.VietnamOffset);
        var place = ward.Name.Replace("Phường ", "", StringComparison.Ordinal).Replace("Xã ", "", StringComparison.Ordinal);
        return $"{place}, ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}";
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
            : new Stack(new Paragraph("Nơi nhận:", TextStyle.BodyBold with { Size = 10f, Italic = true }, 0), new Paragraph(receivers, TextStyle.Small, 0));
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
