namespace DiSu.Analytics.Service.Queries;

/// <summary>
/// The saved queries an officer can run: those of the repository's <c>queries/</c> folder (embedded
/// in the assembly, so they travel with the binary) and the <c>.sql</c> files of the user folder
/// (<c>Disu:QueryFolder</c>), which add names or replace a repository query of the same name.
/// </summary>
public sealed class QueryCatalogue
{
    private const string ResourcePrefix = "Queries.";

    private static readonly Lazy<IReadOnlyList<SavedQuery>> EmbeddedQueries = new(LoadEmbedded);

    private QueryCatalogue(IReadOnlyList<SavedQuery> queries, IReadOnlyList<string> problems)
    {
        Queries = queries;
        Problems = problems;
    }

    /// <summary>The repository's queries, by name. A broken one is a build defect, so it throws.</summary>
    public static IReadOnlyList<SavedQuery> Embedded => EmbeddedQueries.Value;

    /// <summary>Every query by name, user-folder queries in place of repository ones of the same name.</summary>
    public IReadOnlyList<SavedQuery> Queries { get; }

    /// <summary>User files that could not be read, one sentence each; they are left out of <see cref="Queries"/>.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static QueryCatalogue Load(string? userFolder)
    {
        var byName = Embedded.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(userFolder) && Directory.Exists(userFolder))
        {
            foreach (var file in Directory.EnumerateFiles(userFolder, "*.sql").Order(StringComparer.Ordinal))
            {
                try
                {
                    var query = SavedQueryParser.Parse(Path.GetFileName(file), File.ReadAllText(file), QuerySource.User, file);
                    byName[query.Name] = query;
                }
                catch (Exception e) when (e is SavedQueryException or IOException or UnauthorizedAccessException)
                {
                    problems.Add(e.Message);
                }
            }
        }
        return new QueryCatalogue(byName.Values.OrderBy(q => q.Name, StringComparer.Ordinal).ToList(), problems);
    }

    public SavedQuery? Find(string name) =>
        Queries.FirstOrDefault(q => q.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static List<SavedQuery> LoadEmbedded()
    {
        var assembly = typeof(QueryCatalogue).Assembly;
        var list = new List<SavedQuery>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var fileName = resource[ResourcePrefix.Length..];
            list.Add(SavedQueryParser.Parse(fileName, reader.ReadToEnd(), QuerySource.Repo, $"queries/{fileName}"));
        }
        return list.OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
    }
}
