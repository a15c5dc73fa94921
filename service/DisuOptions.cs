using Microsoft.Extensions.Configuration;

namespace DiSu.Analytics.Service;

/// <summary>Settings bound from appsettings.json and DISU__* environment variables; flags override them.</summary>
public sealed record DisuOptions
{
    public string Mart { get; init; } = DiSu.Analytics.Mart.Mart.DefaultPath;
    public string DemoFolder { get; init; } = "demo";
    public string Culture { get; init; } = "vi-VN";

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

    public static DisuOptions Load()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "disu.json"), optional: true)
            .AddEnvironmentVariables("DISU__")
            .Build();
        var options = new DisuOptions();
        var section = configuration.GetSection("Disu");
        return options with
        {
            Mart = section["Mart"] ?? configuration["Mart"] ?? options.Mart,
            DemoFolder = section["DemoFolder"] ?? options.DemoFolder,
            Culture = section["Culture"] ?? options.Culture,
            MemoryLimit = section["MemoryLimit"] ?? options.MemoryLimit,
            QueryFolder = section["QueryFolder"] ?? options.QueryFolder,
            Language = section["Language"] ?? options.Language,
        };
    }
}
