using System.Text;

namespace DiSu.Analytics.Tests.Support;

/// <summary>One household-snapshot row of the input contract, valid by default; tests override cells.</summary>
public sealed record SnapshotRow
{
    public static readonly string[] Columns =
    [
        "review_year", "province_code", "province_name", "ward_code", "ward_name", "group_code", "group_name", "area",
        "household_id", "members", "income_per_capita_month",
        "lack_employment", "lack_dependents", "lack_nutrition", "lack_health_insurance", "lack_adult_education",
        "lack_child_schooling", "lack_housing_quality", "lack_housing_area", "lack_water", "lack_sanitation",
        "lack_telecom", "lack_information", "lack_waste",
        "merit_household", "social_protection", "ethnic_minority", "head_sex", "head_birth_year",
        "members_working_age", "members_children", "members_elderly", "members_disabled", "main_cause", "recorded_status",
    ];

    public static readonly string[] VietnameseColumns =
    [
        "nam_ra_soat", "ma_tinh", "ten_tinh", "ma_xa", "ten_xa", "ma_to", "ten_to", "khu_vuc",
        "ma_ho", "so_nhan_khau", "thu_nhap_binh_quan",
        "thieu_viec_lam", "thieu_nguoi_phu_thuoc", "thieu_dinh_duong", "thieu_bhyt", "thieu_giao_duc_nguoi_lon",
        "thieu_di_hoc_tre_em", "thieu_chat_luong_nha", "thieu_dien_tich_nha", "thieu_nuoc_sach", "thieu_nha_tieu",
        "thieu_vien_thong", "thieu_phuong_tien_thong_tin", "thieu_xu_ly_rac",
        "ho_co_cong", "bao_tro_xa_hoi", "dan_toc_thieu_so", "gioi_tinh_chu_ho", "nam_sinh_chu_ho",
        "so_lao_dong", "so_tre_em", "so_nguoi_cao_tuoi", "so_nguoi_khuyet_tat", "nguyen_nhan", "phan_loai",
    ];

    public Dictionary<string, string> Cells { get; } = new(StringComparer.Ordinal);

    public SnapshotRow(string householdId, int year = 2024)
    {
        var flags = year >= 2027;
        string[] values =
        [
            year.ToString(System.Globalization.CultureInfo.InvariantCulture), "33", "Hưng Yên", "DISU", "Phường Dị Sử",
            "TDP01", "Tổ dân phố Nhân Vinh", "urban", householdId, "4", "5000000",
            "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", flags ? "" : "0", flags ? "0" : "",
            "0", "0", "0", "M", "1970", "2", "1", "1", "0", "", "",
        ];
        for (var i = 0; i < Columns.Length; i++) Cells[Columns[i]] = values[i];
    }

    public SnapshotRow With(string column, string value)
    {
        if (!Cells.ContainsKey(column)) throw new ArgumentException($"unknown column {column}");
        var copy = new SnapshotRow(Cells["household_id"]);
        foreach (var (k, v) in Cells) copy.Cells[k] = v;
        copy.Cells[column] = value;
        return copy;
    }

    /// <summary>Poor under Decree 07 (urban): income at the line, the first n indicators deprived.</summary>
    public SnapshotRow Deprived(int n, long income)
    {
        var row = With("income_per_capita_month", income.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < 12; i++)
            row.Cells[Columns[11 + i]] = i < n ? "1" : "0";
        if (Cells["review_year"].CompareTo("2027") >= 0) row.Cells["lack_information"] = "";
        return row;
    }

    public SnapshotRow Poor() => Deprived(4, 1_200_000);
    public SnapshotRow NearPoor() => Deprived(1, 1_200_000);
    public SnapshotRow NotPoor() => Deprived(0, 9_000_000);

    public SnapshotRow InGroup(string code, string name) => With("group_code", code).With("group_name", name);

    public SnapshotRow InWard(string code, string name) => With("ward_code", code).With("ward_name", name);
}

/// <summary>Writes snapshot rows as a CSV file in the contract's accepted dialects.</summary>
public static class SnapshotCsv
{
    public static string Write(string path, IEnumerable<SnapshotRow> rows, char delimiter = ',', bool vietnamese = false,
        bool bom = false, string newline = "\n", IEnumerable<string>? omit = null)
    {
        var skip = new HashSet<string>(omit ?? []);
        var keep = Enumerable.Range(0, SnapshotRow.Columns.Length).Where(i => !skip.Contains(SnapshotRow.Columns[i])).ToArray();
        var text = new StringBuilder();
        text.Append(string.Join(delimiter, keep.Select(i => vietnamese ? SnapshotRow.VietnameseColumns[i] : SnapshotRow.Columns[i]))).Append(newline);
        foreach (var row in rows)
            text.Append(string.Join(delimiter, keep.Select(i => Quote(row.Cells[SnapshotRow.Columns[i]], delimiter)))).Append(newline);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(bom));
        return path;
    }

    public static string Quote(string value, char delimiter) =>
        value.Contains(delimiter) || value.Contains('"') || value.Contains('\n') || value.Contains('\r') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
