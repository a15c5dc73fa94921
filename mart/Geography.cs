namespace DiSu.Analytics.Mart;

/// <summary>
/// How a series reads units (docs/mart.md, "Reorganised units"): as they were in each year, as the
/// reviews recorded them, or restated into today's units through the unit changes.
/// </summary>
public enum Geography
{
    AsWas,
    AsIs,
}

/// <summary>The views each reading of units is served by, and its name in commands and the API.</summary>
public static class GeographyViews
{
    public static string GroupYear(this Geography geography) => geography == Geography.AsIs ? "v_group_year_as_is" : "v_group_year";

    public static string WardYear(this Geography geography) => geography == Geography.AsIs ? "v_ward_year_as_is" : "v_ward_year";

    /// <summary><c>as_was</c> or <c>as_is</c>, as commands, the API and the mart's documentation spell it.</summary>
    public static string Code(this Geography geography) => geography == Geography.AsIs ? "as_is" : "as_was";

    /// <summary>Reads <c>as_was</c> / <c>as_is</c> (also with a hyphen, any case); null for anything else.</summary>
    public static Geography? Parse(string? text) => text?.Trim().Replace('-', '_').ToLowerInvariant() switch
    {
        "as_was" => Geography.AsWas,
        "as_is" => Geography.AsIs,
        _ => null,
    };
}
