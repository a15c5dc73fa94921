using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// What <see cref="SnapshotGenerator"/> writes. The defaults are the Dị Sử demo ward; set
/// <see cref="Demo"/> to false for a synthetic population of any size (up to the nation).
/// </summary>
public sealed record GeneratorOptions
{
    public int Seed { get; init; } = 20240101;
    public int Provinces { get; init; } = 1;
    public int WardsPerProvince { get; init; } = 1;
    public int GroupsPerWard { get; init; } = 9;

    /// <summary>Households per ward in <see cref="FirstYear"/>; yearly churn (+1.5 %, −1 %) changes it a little.</summary>
    public int HouseholdsPerWard { get; init; } = 3400;

    public int FirstYear { get; init; } = 2021;
    public int LastYear { get; init; } = 2025;

    /// <summary>Contract-breaking rows appended to snapshot files, as a fraction of the real rows.</summary>
    public double DirtyRate { get; init; }

    /// <summary>
    /// The Dị Sử demo: real names, the ward's published rates, review-software style files for 2021–2022;
    /// with it a synthetic second ward, phường Mẫu Hào (its own files, its own random streams), and from
    /// the 2025 review both as one ward, phường Đường Hào, with renumbered groups, a unit-change file and
    /// Đường Hào's plan targets (see <see cref="DemoReorganisation"/>).
    /// </summary>
    public bool Demo { get; init; } = true;

    /// <summary>
    /// Synthetic populations only (the demo never has them, whatever this says): ward-year and group-year
    /// shocks (see <see cref="WardShocks"/>), so a ward or a group can have a bad year together. False
    /// writes each ward exactly at its planned rates, byte for byte the files of a build without shocks.
    /// </summary>
    public bool Shocks { get; init; } = true;

    /// <summary>
    /// Synthetic populations only: ethnic-minority households concentrated in rural communes (a rural
    /// ward has 1.6× its province's share, an urban ward 0.4×), as they live. Off (the default here,
    /// on in <c>disu generate</c>), every ward has its province's share, as earlier builds wrote it:
    /// the seeded panels the forecasting figures of docs/forecasting.md were measured on keep that.
    /// </summary>
    public bool RuralMinorities { get; init; }

    public bool WriteSupports { get; init; } = true;
    public bool WriteTargets { get; init; } = true;

    /// <summary>
    /// The demo as the CLI ships it: review years 2021–2026 (Dị Sử and Mẫu Hào through 2024, Đường Hào
    /// from 2025), a little dirt so the reject path has something to show.
    /// </summary>
    public static GeneratorOptions DiSuDemo { get; } = new() { DirtyRate = 0.002, LastYear = 2026 };

    internal long Wards => (long)Provinces * WardsPerProvince;

    internal int Years => LastYear - FirstYear + 1;

    /// <summary>Plan targets are set a year after this year's result (clamped to the generated years).</summary>
    internal int TargetBaseYear => Math.Min(FirstYear + 2, LastYear);

    /// <summary>Throws <see cref="GeneratorOptionException"/> naming the first rule the options break (the Vietnamese names the `disu generate` option).</summary>
    internal void Validate()
    {
        Require(Provinces is >= 1 and <= 99, nameof(Provinces), "Provinces must be between 1 and 99",
            "số tỉnh (--provinces) phải từ 1 đến 99", Provinces);
        Require(WardsPerProvince is >= 1 and <= 9_999, nameof(WardsPerProvince), "WardsPerProvince must be between 1 and 9,999",
            "số phường, xã mỗi tỉnh (--wards) phải từ 1 đến 9.999", WardsPerProvince);
        Require(GroupsPerWard is >= 1 and <= 99, nameof(GroupsPerWard), "GroupsPerWard must be between 1 and 99",
            "số tổ, thôn mỗi phường, xã (--groups) phải từ 1 đến 99", GroupsPerWard);
        Require(HouseholdsPerWard is >= 10 and <= 1_000_000, nameof(HouseholdsPerWard), "HouseholdsPerWard must be between 10 and 1,000,000",
            "số hộ mỗi phường, xã (--households) phải từ 10 đến 1.000.000", HouseholdsPerWard);
        Require(HouseholdsPerWard >= GroupsPerWard, nameof(HouseholdsPerWard),
            "HouseholdsPerWard must be at least GroupsPerWard so that every group has a household",
            "số hộ mỗi phường, xã (--households) không được ít hơn số tổ, thôn (--groups), để tổ, thôn nào cũng có hộ", HouseholdsPerWard);
        var (first, last) = (ClassificationStandard.FirstCoveredYear, ClassificationStandard.LastCoveredYear);
        Require(FirstYear >= first && FirstYear <= last, nameof(FirstYear),
            $"FirstYear must be between {first} and {last}, the review years a poverty standard covers",
            $"năm đầu (--first-year) phải từ {first} đến {last}, các năm rà soát có chuẩn nghèo", FirstYear);
        Require(LastYear >= FirstYear && LastYear <= last, nameof(LastYear),
            $"LastYear must be between FirstYear and {last}, the review years a poverty standard covers",
            $"năm cuối (--last-year) phải từ năm đầu đến {last}, các năm rà soát có chuẩn nghèo", LastYear);
        Require(DirtyRate is >= 0 and <= 0.5, nameof(DirtyRate), "DirtyRate must be between 0 and 0.5",
            "tỷ lệ dòng sai (--dirty-rate) phải từ 0 đến 0.5", DirtyRate);
        Require(!Demo || (Provinces == 1 && WardsPerProvince == 1 && GroupsPerWard == 9), nameof(Demo),
            "Demo requires Provinces = 1, WardsPerProvince = 1 and GroupsPerWard = 9 (the one ward Dị Sử and its nine " +
            "residential groups); set Demo = false for a synthetic population",
            "dữ liệu mẫu Dị Sử cần 1 tỉnh, 1 phường và 9 tổ dân phố; hãy cho --provinces, --wards, --groups cùng --households để tạo dân cư tổng hợp", Demo);
    }

    private static void Require(bool ok, string option, string rule, string ruleVi, object actual)
    {
        if (!ok)
            throw new GeneratorOptionException(Message.Of($"{ruleVi} (giá trị nhận được: {actual})", $"{rule} (was {actual})"), option);
    }
}

/// <summary>Generator options break a rule; <see cref="Text"/> says which, in Vietnamese and in English.</summary>
public sealed class GeneratorOptionException(Message text, string option) : ArgumentException(text.En, option), IHasMessage
{
    public Message Text { get; } = text;
}

/// <param name="Kind"><c>snapshot</c>, <c>support</c> or <c>target</c>.</param>
/// <param name="Rows">Data rows, header excluded; for snapshots the dirty rows are included.</param>
public sealed record GeneratedFile(string Path, string Kind, int Year, long Rows);

/// <param name="Households">Distinct real households over all years (entrants included, dirty rows not).</param>
/// <param name="DirtyRows">Contract-breaking rows appended to the snapshot files.</param>
public sealed record GeneratorResult(IReadOnlyList<GeneratedFile> Files, long Households, long DirtyRows);

/// <param name="HouseholdsTotal">Wards × first-year households per ward.</param>
public sealed record GeneratorProgress(long HouseholdsDone, long HouseholdsTotal);
