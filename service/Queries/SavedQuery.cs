using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Queries;

/// <summary>Where a saved query came from: the repository's <c>queries/</c> (embedded) or the user folder.</summary>
public enum QuerySource { Repo, User }

/// <summary>A named, parameterised query read from a <c>.sql</c> file with a comment header.</summary>
public sealed record SavedQuery(
    string Name, string Description, string DescriptionVi, IReadOnlyList<QueryParameter> Parameters,
    string Sql, QuerySource Source, string Origin)
{
    /// <summary>
    /// Converts the given text values (name → text) to typed DuckDB parameters, filling defaults.
    /// Unknown, repeated-elsewhere or missing parameters and badly typed values are usage errors.
    /// </summary>
    public IReadOnlyList<DuckDBParameter> Bind(IReadOnlyDictionary<string, string> values)
    {
        var unknown = values.Keys.Where(k => !Parameters.Any(p => p.Name.Equals(k, StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            var names = string.Join(", ", unknown.Select(u => $"'{u}'"));
            throw new UsageException($"truy vấn '{Name}' không có tham số {names}; các tham số của nó: {ParameterList}.",
                                     $"query '{Name}' has no parameter {names}; its parameters: {ParameterList}.");
        }
        var bound = new List<DuckDBParameter>();
        foreach (var parameter in Parameters)
        {
            var text = values.TryGetValue(parameter.Name, out var given) ? given : parameter.Default;
            if (text is null)
                throw new UsageException(
                    $"truy vấn '{Name}' cần tham số '{parameter.Name}' ({parameter.Description}); hãy cho dạng --param {parameter.Name}=GIÁ_TRỊ, với GIÁ_TRỊ là {parameter.RuleVi}.",
                    $"query '{Name}' needs parameter '{parameter.Name}' ({parameter.Description}); give it as --param {parameter.Name}=VALUE, where VALUE is {parameter.Rule}.");
            bound.Add(new DuckDBParameter(parameter.Name, parameter.Convert(text)));
        }
        return bound;
    }

    /// <summary>A command on <paramref name="connection"/> with the query's SQL and the bound values.</summary>
    public DuckDBCommand CreateCommand(DuckDBConnection connection, IReadOnlyDictionary<string, string> values)
    {
        var parameters = Bind(values);
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        foreach (var parameter in parameters) command.Parameters.Add(parameter);
        return command;
    }

    public string ParameterList => Parameters.Count == 0 ? "none" : string.Join(", ", Parameters.Select(p => p.Signature));
}
