using System.Text.RegularExpressions;

namespace DiSu.Analytics.Service.Queries;

/// <summary>A saved-query file that breaks the header rules (see <see cref="SavedQueryParser"/>).</summary>
public sealed class SavedQueryException(string message) : Exception(message);

/// <summary>
/// Reads a saved query: the comment lines at the top of the file are its header, the whole file is
/// its SQL. Header keys (one per line, <c>-- key: value</c>):
/// <c>name</c> (must equal the file name), <c>description</c> (English), <c>description_vi</c>
/// (Vietnamese) and any number of <c>param: NAME TYPE [= DEFAULT]  Description</c>. Other comment
/// lines are free text. Every <c>$name</c> in the SQL must be declared and every declaration used,
/// so that a typo fails when the file is read rather than when an officer runs it.
/// </summary>
public static partial class SavedQueryParser
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^--\s*(?<key>[A-Za-z_]+)\s*:\s*(?<value>.*)$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^(?<name>[a-z_][a-z0-9_]*)\s+(?<type>[A-Za-z]+)(?:\s*=\s*(?<default>\S+))?(?:\s+(?<description>.*))?$")]
    private static partial Regex ParamDeclaration();

    // $name outside comments and string literals (those are removed first).
    [GeneratedRegex(@"\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterUse();

    [GeneratedRegex(@"'(?:[^']|'')*'|--[^\n]*")]
    private static partial Regex LiteralsAndComments();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static SavedQuery Parse(string fileName, string text, QuerySource source, string origin)
    {
        var expected = Path.GetFileNameWithoutExtension(fileName);
        if (!IsValidName(expected))
            throw new SavedQueryException($"{origin}: the file name '{expected}' must be lower-case letters, digits and _ (it is the query's name).");
        string? name = null, description = null, descriptionVi = null;
        var parameters = new List<QueryParameter>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (!line.StartsWith("--", StringComparison.Ordinal)) break; // the header ends at the SQL
            var match = HeaderLine().Match(line);
            if (!match.Success) continue;
            var value = match.Groups["value"].Value.Trim();
            switch (match.Groups["key"].Value.ToLowerInvariant())
            {
                case "name": name = value; break;
                case "description": description = value; break;
                case "description_vi": descriptionVi = value; break;
                case "param": parameters.Add(ParseParameter(value, origin)); break;
            }
        }
        if (name != expected)
            throw new SavedQueryException($"{origin}: the header must start with '-- name: {expected}' (the file name).");
        if (string.IsNullOrEmpty(description) || string.IsNullOrEmpty(descriptionVi))
            throw new SavedQueryException($"{origin}: the header needs '-- description: …' (English) and '-- description_vi: …' (Vietnamese).");
        var duplicate = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new SavedQueryException($"{origin}: parameter '{duplicate.Key}' is declared twice.");

        var used = ParameterUse().Matches(LiteralsAndComments().Replace(text, " "))
            .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var undeclared = used.Where(u => !parameters.Any(p => p.Name == u)).Order(StringComparer.Ordinal).ToList();
        if (undeclared.Count > 0)
            throw new SavedQueryException($"{origin}: the SQL uses ${string.Join(", $", undeclared)} without a '-- param:' declaration.");
        var unused = parameters.Where(p => !used.Contains(p.Name)).Select(p => p.Name).ToList();
        if (unused.Count > 0)
            throw new SavedQueryException($"{origin}: parameter {string.Join(", ", unused)} is declared but the SQL does not use ${unused[0]}.");
        return new SavedQuery(name, description, descriptionVi, parameters, text, source, origin);
    }

    private static QueryParameter ParseParameter(string declaration, string origin)
    {
        var match = ParamDeclaration().Match(declaration);
        if (!match.Success || !Enum.TryParse<QueryParameterType>(match.Groups["type"].Value, ignoreCase: true, out var type)
            || !Enum.IsDefined(type) || int.TryParse(match.Groups["type"].Value, out _))
            throw new SavedQueryException(
                $"{origin}: '-- param: {declaration}' must read 'NAME TYPE [= DEFAULT]  Description' with a lower-case NAME and TYPE one of INTEGER, DOUBLE, VARCHAR, BOOLEAN, DATE.");
        var parameter = new QueryParameter(match.Groups["name"].Value, type,
            match.Groups["default"].Success ? match.Groups["default"].Value : null, match.Groups["description"].Value.Trim());
        if (parameter.Default is not null)
        {
            try { parameter.Convert(parameter.Default); }
            catch (UsageException e) { throw new SavedQueryException($"{origin}: the default of {e.Text.En}"); }
        }
        return parameter;
    }
}
