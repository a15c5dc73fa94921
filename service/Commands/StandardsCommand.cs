using System.CommandLine;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu standards`: the poverty standards as data — what-if impact of another standard, and reclassification after a correction.</summary>
internal static class StandardsCommand
{
    public static Command Build(CliContext context) =>
        new("standards", "Poverty standards: the impact of classifying a review year under another standard (impact), recording a corrected standard as a new version (update), and recomputing status by it (reclassify).")
        {
            StandardsImpactCommand.Build(context),
            StandardsReclassifyCommand.Build(context),
            StandardsUpdateCommand.Build(context),
        };
}
