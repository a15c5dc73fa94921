namespace DiSu.Analytics.Etl.Contract;

public enum FileKind { Snapshot, Support, Target, UnitChange }

/// <summary>A column of the input contract (shared/contracts/inputs.md) with its Vietnamese alias.</summary>
public sealed record ContractColumn(string Name, string Alias, bool RequiredInHeader = true);

/// <summary>The column sets of the four input files. A file's kind is told by its header set.</summary>
public static class InputContract
{
    public static IReadOnlyList<string> FlagColumns { get; } =
    [
        "lack_employment", "lack_dependents", "lack_nutrition", "lack_health_insurance",
        "lack_adult_education", "lack_child_schooling", "lack_housing_quality", "lack_housing_area",
        "lack_water", "lack_sanitation", "lack_telecom", "lack_information", "lack_waste",
    ];

    private static readonly string[] FlagAliases =
    [
        "thieu_viec_lam", "thieu_nguoi_phu_thuoc", "thieu_dinh_duong", "thieu_bhyt",
        "thieu_giao_duc_nguoi_lon", "thieu_di_hoc_tre_em", "thieu_chat_luong_nha", "thieu_dien_tich_nha",
        "thieu_nuoc_sach", "thieu_nha_tieu", "thieu_vien_thong", "thieu_phuong_tien_thong_tin", "thieu_xu_ly_rac",
    ];

    // Flag columns may be absent from a header when no review year in the file needs them
    // (lack_information from 2027, lack_waste before 2027); the loader checks that after staging.
    public static IReadOnlyList<ContractColumn> Snapshot { get; } =
    [
        new("review_year", "nam_ra_soat"),
        new("province_code", "ma_tinh"),
        new("province_name", "ten_tinh"),
        new("ward_code", "ma_xa"),
        new("ward_name", "ten_xa"),
        new("group_code", "ma_to"),
        new("group_name", "ten_to"),
        new("area", "khu_vuc"),
        new("household_id", "ma_ho"),
        new("members", "so_nhan_khau"),
        new("income_per_capita_month", "thu_nhap_binh_quan"),
        .. FlagColumns.Select((c, i) => new ContractColumn(c, FlagAliases[i], RequiredInHeader: false)),
        new("merit_household", "ho_co_cong"),
        new("social_protection", "bao_tro_xa_hoi"),
        new("ethnic_minority", "dan_toc_thieu_so"),
        new("head_sex", "gioi_tinh_chu_ho"),
        new("head_birth_year", "nam_sinh_chu_ho"),
        new("members_working_age", "so_lao_dong"),
        new("members_children", "so_tre_em"),
        new("members_elderly", "so_nguoi_cao_tuoi"),
        new("members_disabled", "so_nguoi_khuyet_tat"),
        new("main_cause", "nguyen_nhan", RequiredInHeader: false),
        new("recorded_status", "phan_loai", RequiredInHeader: false),
    ];

    public static IReadOnlyList<ContractColumn> Support { get; } =
    [
        new("year", "nam"),
        new("household_id", "ma_ho"),
        new("ward_code", "ma_xa"),
        new("program", "chuong_trinh"),
        new("amount_vnd", "so_tien", RequiredInHeader: false),
    ];

    public static IReadOnlyList<ContractColumn> Target { get; } =
    [
        new("year", "nam"),
        new("ward_code", "ma_xa"),
        new("group_code", "ma_to", RequiredInHeader: false),
        new("target_poor_rate", "ty_le_ngheo_muc_tieu"),
        new("target_poor_households", "so_ho_ngheo_muc_tieu", RequiredInHeader: false),
    ];

    public static IReadOnlyList<ContractColumn> UnitChange { get; } =
    [
        new("effective_date", "ngay_hieu_luc"),
        new("level", "cap"),
        new("kind", "loai"),
        new("old_code", "ma_cu"),
        new("old_name", "ten_cu", RequiredInHeader: false),
        new("new_code", "ma_moi"),
        new("new_name", "ten_moi"),
        new("parent_code", "ma_cap_tren", RequiredInHeader: false),
        new("share", "ty_le", RequiredInHeader: false),
    ];

    public static IReadOnlyList<ContractColumn> For(FileKind kind) => kind switch
    {
        FileKind.Snapshot => Snapshot,
        FileKind.Support => Support,
        FileKind.UnitChange => UnitChange,
        _ => Target,
    };

    /// <summary>Tells the kind from the header's key columns; null when it is none of the four.</summary>
    public static FileKind? Detect(IReadOnlyCollection<string> normalizedHeaders)
    {
        bool Has(string name, string alias) => normalizedHeaders.Contains(name) || normalizedHeaders.Contains(alias);
        if (Has("household_id", "ma_ho") && Has("review_year", "nam_ra_soat")) return FileKind.Snapshot;
        if (Has("target_poor_rate", "ty_le_ngheo_muc_tieu")) return FileKind.Target;
        if (Has("program", "chuong_trinh")) return FileKind.Support;
        if (Has("old_code", "ma_cu") && Has("new_code", "ma_moi")) return FileKind.UnitChange;
        return null;
    }
}
