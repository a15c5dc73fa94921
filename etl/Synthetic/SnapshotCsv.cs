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
    private readonly CsvLine _line = new(format);

    public void WriteHeader(TextWriter writer)
    {
        foreach (var column in InputContract.Snapshot)
        {
            _line.Field(_line.Format.VietnameseHeaders ? column.Alias : column.Name);
        }

        _line.WriteTo(writer);
    }

    /// <param name="broken">A column whose value is replaced by <paramref name="brokenText"/> (dirty rows only).</param>
    public void Write(TextWriter writer, in SnapshotRow row, SnapshotColumn? broken = null, string? brokenText = null)
    {
        var standard = ClassificationStandard.For(row.Year);
        for (var column = SnapshotColumn.ReviewYear; column <= SnapshotColumn.RecordedStatus; column++)
        {
            if (column == broken)
            {
                _line.Field(brokenText);
                continue;
            }

            switch (column)
            {
                case SnapshotColumn.ReviewYear: _line.Field(row.Year); break;
                case SnapshotColumn.ProvinceCode: _line.Field(row.Ward.ProvinceCode); break;
                case SnapshotColumn.ProvinceName: _line.Field(row.Ward.ProvinceName); break;
                case SnapshotColumn.WardCode: _line.Field(row.Ward.WardCode); break;
                case SnapshotColumn.WardName: _line.Field(row.Ward.WardName); break;
                case SnapshotColumn.GroupCode: _line.Field(row.Group.Code); break;
                case SnapshotColumn.GroupName: _line.Field(row.Group.Name); break;
                case SnapshotColumn.Area: _line.Field(row.Ward.Area); break;
                case SnapshotColumn.HouseholdId: _line.Field(row.HouseholdId); break;
                case SnapshotColumn.Members: _line.Field(row.Members); break;
                case SnapshotColumn.Income: _line.Field(row.Income); break;
                case <= SnapshotColumn.LackWaste:
                    var flag = FlagOf(column);
                    if (standard.Uses(flag))
                    {
                        _line.Field((row.Flags & (1 << (int)flag)) != 0);
                    }
                    else
                    {
                        _line.Empty(); // the column exists in every file; it is blank where the standard has no such indicator
                    }

                    break;
                case SnapshotColumn.MeritHousehold: _line.Field(row.Merit); break;
                case SnapshotColumn.SocialProtection: _line.Field(row.SocialProtection); break;
                case SnapshotColumn.EthnicMinority: _line.Field(row.EthnicMinority); break;
                case SnapshotColumn.HeadSex: _line.Field(row.HeadFemale ? "F" : "M"); break;
                case SnapshotColumn.HeadBirthYear: _line.Field(row.HeadBirthYear); break;
                case SnapshotColumn.MembersWorkingAge: _line.Field(row.WorkingAge); break;
                case SnapshotColumn.MembersChildren: _line.Field(row.Children); break;
                case SnapshotColumn.MembersElderly: _line.Field(row.Elderly); break;
                case SnapshotColumn.MembersDisabled: _line.Field(row.Disabled); break;
                case SnapshotColumn.MainCause: _line.Field(row.MainCause); break;
                default: _line.Field(row.RecordedStatus); break;
            }
        }

        _line.WriteTo(writer);
    }

    public static Deprivation FlagOf(SnapshotColumn column) => (Deprivation)(column - SnapshotColumn.LackEmployment);

    public static SnapshotColumn ColumnOf(Deprivation flag) => SnapshotColumn.LackEmployment + (int)flag;
}
