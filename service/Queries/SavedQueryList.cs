using System.Data;
using DiSu.Analytics.Service.Output;

namespace DiSu.Analytics.Service.Queries;

/// <summary><c>disu query --list</c>: one row per saved query, in any output format.</summary>
public static class SavedQueryList
{
    public static void Write(QueryCatalogue catalogue, OutputFormat format, CliContext context)
    {
        using var table = new DataTable("saved_queries") { Locale = System.Globalization.CultureInfo.InvariantCulture };
        table.Columns.Add("name", typeof(string));
        table.Columns.Add("parameters", typeof(string));
        table.Columns.Add("description", typeof(string));
        table.Columns.Add("source", typeof(string));
        foreach (var query in catalogue.Queries)
        {
            table.Rows.Add(query.Name, string.Join(", ", query.Parameters.Select(p => p.Signature)),
                $"{query.DescriptionVi} / {query.Description}",
                query.Source == QuerySource.Repo ? "repo" : $"user ({query.Origin})");
        }
        using var reader = table.CreateDataReader();
        ResultWriter.Write(reader, format, context.Out, context.Console, context.Language);
    }
}
