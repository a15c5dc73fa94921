using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting.Planning;

/// <summary>A candidate household in the annex: its rank in the ward and in its group, and whether the plan counts it among the group's escapes.</summary>
public sealed record AnnexLine(int WardRank, int GroupRank, EscapeCandidate Candidate, bool Planned);

/// <summary>
/// The household-level annex of a plan: every poor household of the base round, ranked, and for
/// each group the first as many as the current plan has escapes for it marked as planned, with the
/// reason. Household-level data: only roles allowed household data may get it.
/// </summary>
public static class PlanAnnex
{
    public static (int BaseYear, IReadOnlyList<AnnexLine> Lines) Read(DuckDBConnection connection, string ward, PlanYear year)
    {
        var plan = PlanStore.Current(connection, ward, year);
        if (plan.Count == 0)
            throw new MartException(new Message(
                $"{ward} chưa có kế hoạch năm {year}, nên chưa có danh sách hộ dự kiến thoát nghèo; lập kế hoạch bằng disu plan allocate --year {year} --ward {ward}.",
                $"{ward} has no plan for {year}, so there is no list of households planned to escape; make one with disu plan allocate --year {year} --ward {ward}."));
        var baseYear = connection.Scalar<int>("SELECT any_value(base_year) FROM fact_target WHERE is_current AND ward_code = ? AND year = ? AND plan_version IS NOT NULL", ward, year);
        var escapes = plan.ToDictionary(r => r.GroupCode, r => r.PlannedEscapes, StringComparer.Ordinal);
        var inGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = EscapeCandidates.Read(connection, ward, baseYear).Select((c, i) =>
        {
            var groupRank = inGroup[c.GroupCode] = inGroup.GetValueOrDefault(c.GroupCode) + 1;
            return new AnnexLine(i + 1, groupRank, c, groupRank <= escapes.GetValueOrDefault(c.GroupCode));
        }).ToList();
        return (baseYear, lines);
    }
}
