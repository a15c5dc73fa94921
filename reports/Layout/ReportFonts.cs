using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

/// <summary>
/// The two faces every document uses, loaded once from the assembly. One <see cref="SKTypeface"/>
/// per face for the whole process: each new typeface object would embed the font again in a PDF,
/// and ScottPlot is pointed at the same objects so that charts share the embedded subset.
/// </summary>
public sealed class ReportFonts
{
    public const string FamilyName = "Liberation Serif";

    private static readonly Lazy<ReportFonts> SharedInstance = new(() => new ReportFonts(), LazyThreadSafetyMode.ExecutionAndPublication);

    private ReportFonts()
    {
        Regular = Load("LiberationSerif-Regular.ttf");
        Bold = Load("LiberationSerif-Bold.ttf");
        ScottPlot.Fonts.FontResolvers.Insert(0, new ChartFontResolver(this));
        ScottPlot.Fonts.Default = FamilyName;
    }

    public static ReportFonts Shared => SharedInstance.Value;

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    public SKTypeface Face(bool bold) => bold ? Bold : Regular;

    private static SKTypeface Load(string file)
    {
        var name = "DiSu.Analytics.Reports.Fonts." + file;
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {file} is not embedded in {typeof(ReportFonts).Assembly.GetName().Name}; the build must include reports/Fonts/*.ttf.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The embedded font {file} could not be read.");
    }

    private sealed class ChartFontResolver(ReportFonts fonts) : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fonts.Face(bold);

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            fonts.Face((int)weight >= (int)ScottPlot.FontWeight.SemiBold);
    }
}
