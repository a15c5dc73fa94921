namespace DiSu.Analytics.Service;

/// <summary>
/// Settings of every command: the <c>Disu</c> section of the configuration (<see cref="DisuConfiguration"/>),
/// bound by the configuration binder and checked at start by <see cref="DisuOptionsValidator"/>; flags override them.
/// </summary>
public sealed record DisuOptions
{
    public const string Section = "Disu";

    public string Mart { get; init; } = DiSu.Analytics.Mart.Mart.DefaultPath;
    public string DemoFolder { get; init; } = "demo";

    /// <summary>
    /// The language of what people read (<c>vi</c>, the default, or <c>en</c>); <c>--lang</c> overrides it.
    /// Kept as written so that a wrong value is reported by the command line, not thrown while loading.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>DuckDB memory budget of the writing connection (it spills to disk beyond it).</summary>
    public string MemoryLimit { get; init; } = DiSu.Analytics.Mart.Mart.DefaultMemoryLimit;

    /// <summary>
    /// The officer's own saved queries (<c>*.sql</c>), added to the repository's and replacing those of the
    /// same name. Default: <c>disu/queries</c> in the user's configuration folder (~/.config on Linux, %APPDATA% on Windows).
    /// </summary>
    public string QueryFolder { get; init; } = DefaultQueryFolder;

    public static string DefaultQueryFolder { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "disu", "queries");
}
