using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>One household-year as written, before it becomes text (dirty rows edit a copy of one).</summary>
internal readonly record struct SnapshotRow(
    int Year,
    WardPlan Ward,
    GroupPlan Group,
    string HouseholdId,
    int Members,
    long Income,
    ushort Flags,
    bool Merit,
    bool SocialProtection,
    bool EthnicMinority,
    bool HeadFemale,
    int HeadBirthYear,
    int WorkingAge,
    int Children,
    int Elderly,
    int Disabled,
    string? MainCause,
    string? RecordedStatus)
{
    public static SnapshotRow Of(Household h, WardPlan ward, int year) => new(
        year, ward, ward.Groups[h.Group], h.Id, h.Members, h.Income, h.Flags, h.Merit, h.SocialProtection,
        h.EthnicMinority, h.HeadFemale, h.HeadBirthYear, h.WorkingAge, h.Children, h.Elderly, h.Disabled,
        h.Recorded == HouseholdStatus.Poor ? h.MainCause : null,
        h.Recorded is { } recorded ? StatusCode(recorded) : null);

    public static string StatusCode(HouseholdStatus status) => status switch
    {
        HouseholdStatus.Poor => "poor",
        HouseholdStatus.NearPoor => "near_poor",
        HouseholdStatus.Average => "average",
        _ => "not_poor",
    };
}

/// <summary>The columns of <see cref="InputContract.Snapshot"/>, in its order; the value is the column index.</summary>
internal enum SnapshotColumn
{
    ReviewYear, ProvinceCode, ProvinceName, WardCode, WardName, GroupCode, GroupName, Area, HouseholdId, Members,
    Income,
    LackEmployment, LackDependents, LackNutrition, LackHealthInsurance, LackAdultEducation, LackChildSchooling,
    LackHousingQuality, LackHousingArea, LackWater, LackSanitation, LackTelecom, LackInformation, LackWaste,
    MeritHousehold, SocialProtection, EthnicMinority, HeadSex, HeadBirthYear, MembersWorkingAge, MembersChildren,
    MembersElderly, MembersDisabled, MainCause, RecordedStatus,
}

/// <summary>Writes snapshot rows with the contract's headers (English, or the Vietnamese aliases).</summary>
internal sealed class SnapshotCsv(CsvFormat format)
{
    private readonly CsvLine line = new(format);

    public void WriteHeader(TextWriter writer)
    {
        foreach (var column in InputContract.Snapshot)
        {
            line.Field(line.Format.VietnameseHeaders ? column.Alias : column.Name);
        }

        line.WriteTo(writer);
    }

    /// <param name="broken">A column whose value is replaced by <paramref name="brokenText"/> (dirty rows only).</param>
    public void Write(TextWriter writer, in SnapshotRow row, SnapshotColumn? broken = null, string? brokenText = null)
    {
        var standard = ClassificationStandard.For(row.Year);
        for (var column = SnapshotColumn.ReviewYear; column <= SnapshotColumn.RecordedStatus; column++)
        {
            if (column == broken)
            {
                line.Field(brokenText);
                continue;
            }

            switch (column)
            {
                case SnapshotColumn.ReviewYear: line.Field(row.Year); break;
                case SnapshotColumn.ProvinceCode: line.Field(row.Ward.ProvinceCode); break;
                case SnapshotColumn.ProvinceName: line.Field(row.Ward.ProvinceName); break;
                case SnapshotColumn.WardCode: line.Field(row.Ward.WardCode); break;
                case SnapshotColumn.WardName: line.Field(row.Ward.WardName); break;
                case SnapshotColumn.GroupCode: line.Field(row.Group.Code); break;
                case SnapshotColumn.GroupName: line.Field(row.Group.Name); break;
                case SnapshotColumn.Area: line.Field(row.Ward.Area); break;
                case SnapshotColumn.HouseholdId: line.Field(row.HouseholdId); break;
                case SnapshotColumn.Members: line.Field(row.Members); break;
                case SnapshotColumn.Income: line.Field(row.Income); break;
                case <= SnapshotColumn.LackWaste:
                    var flag = FlagOf(column);
                    if (standard.Uses(flag))
                    {
                        line.Field((row.Flags & (1 << (int)flag)) != 0);
                    }
                    else
                    {
                        line.Empty(); // the column exists in every file; it is blank where the standard has no such indicator
                    }

                    break;
                case SnapshotColumn.MeritHousehold: line.Field(row.Merit); break;
                case SnapshotColumn.SocialProtection: line.Field(row.SocialProtection); break;
                case SnapshotColumn.EthnicMinority: line.Field(row.EthnicMinority); break;
                case SnapshotColumn.HeadSex: line.Field(row.HeadFemale ? "F" : "M"); break;
                case SnapshotColumn.HeadBirthYear: line.Field(row.HeadBirthYear); break;
                case SnapshotColumn.MembersWorkingAge: line.Field(row.WorkingAge); break;
                case SnapshotColumn.MembersChildren: line.Field(row.Children); break;
                case SnapshotColumn.MembersElderly: line.Field(row.Elderly); break;
                case SnapshotColumn.MembersDisabled: line.Field(row.Disabled); break;
                case SnapshotColumn.MainCause: line.Field(row.MainCause); break;
                default: line.Field(row.RecordedStatus); break;
            }
        }

        line.WriteTo(writer);
    }

    public static Deprivation FlagOf(SnapshotColumn column) => (Deprivation)(column - SnapshotColumn.LackEmployment);

    public static SnapshotColumn ColumnOf(Deprivation flag) => SnapshotColumn.LackEmployment + (int)flag;
}
