using System.Text.Json;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Schema;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Output;
using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What the Truy vấn page shows besides the editor: the tables and views the person may query, as
/// the mart's own comments describe them, and a result's cells as people read them.
/// </summary>
public static class WorkbenchView
{
    /// <summary>
    /// The public schema (<see cref="SchemaCatalog"/>) with the mart's Vietnamese and English comments;
    /// for a person of one ward only what that ward's sandbox holds (<see cref="SandboxRules"/>), which
    /// is all their SQL can read: objects left out of the sandbox are not listed.
    /// </summary>
    public static IReadOnlyList<SchemaObject> Schema(MartGate gate, Caller caller, CancellationToken ct)
    {
        var all = gate.Read(SchemaCatalog.Read, ct);
        return caller.Ward is null ? all
            : all.Where(o => SandboxRules.All.TryGetValue(o.Name, out var rule) && rule.Copy != SandboxCopy.Excluded).ToList();
    }

    /// <summary>
    /// A cell as the command line's table shows it in Vietnamese (<see cref="ResultWriter.Cell"/>): whole
    /// numbers ungrouped (a year stays 2024), decimals with a comma, Có/Không, NULL. The page's script
    /// (wwwroot/js/workbench.js) follows the same rule for the rows it draws.
    /// </summary>
    public static string Cell(JsonElement value) => ResultWriter.Cell(Value(value), Language.Vietnamese);

    /// <summary>A value of the API's JSON answer as the writers' canonical value.</summary>
    public static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        _ => value.GetRawText(),
    };

    public static bool IsNumber(string duckType) => Mart.Reading.ResultValues.IsNumberType(duckType);
}
