namespace DiSu.Analytics.Reports;

/// <summary>
/// The sentences that explain the <see cref="FlowWords"/> under a table or chart, so that every
/// document says the identity and what the words cover in the same words.
/// </summary>
public static class FlowNotes
{
    /// <summary>"Hộ nghèo cuối kỳ = hộ nghèo đầu kỳ − thoát nghèo + phát sinh mới + tái nghèo + chuyển đến − chuyển đi".</summary>
    public static string Identity { get; } =
        $"{FlowWords.PoorEnd} = {Lower(FlowWords.PoorStart)} − {Lower(FlowWords.Escaped)} + {Lower(FlowWords.NewPoor)} + " +
        $"{Lower(FlowWords.RePoor)} + {Lower(FlowWords.Entered)} − {Lower(FlowWords.Left)}";

    /// <summary>What "phát sinh mới" covers, said wherever it is printed without its parts.</summary>
    public static string NewPoorCovers { get; } = $"{Lower(FlowWords.NewPoor)} gồm cả hộ cận nghèo chuyển thành hộ nghèo";

    /// <summary>
    /// What "chuyển đến / chuyển đi" mean for a group: moving into or out of the ward; a household
    /// that moved between groups counts in its new group from the start of the period (v_group_year).
    /// </summary>
    public static string Moves(Ward ward)
    {
        ArgumentNullException.ThrowIfNull(ward);
        return $"{Lower(FlowWords.Entered)}, {Lower(FlowWords.Left)}: hộ nghèo đến hoặc rời {ward.UnitNoun}; hộ chuyển giữa các " +
            $"{ward.GroupShort} trong {ward.UnitNoun} được tính ở {ward.GroupShort} mới từ đầu kỳ";
    }

    private static string Lower(string word) => char.ToLower(word[0], VietnameseNumbers.Culture) + word[1..];
}
