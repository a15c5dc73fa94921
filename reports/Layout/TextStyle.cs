using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>How a run of text looks; sizes in points.</summary>
public sealed record TextStyle(float Size, bool Bold = false, TextAlign Align = TextAlign.Left, bool Italic = false)
{
    public static TextStyle Body { get; } = new(11.5f);

    public static TextStyle BodyBold { get; } = new(11.5f, Bold: true);

    public static TextStyle Small { get; } = new(9f);

    public static TextStyle Caption { get; } = new(9.5f, Italic: true);

    public static TextStyle Title { get; } = new(14f, Bold: true, Align: TextAlign.Center);

    public static TextStyle Heading { get; } = new(12.5f, Bold: true);

    public SKColor Color { get; init; } = SKColors.Black;

    /// <summary>Baseline-to-baseline distance.</summary>
    public float LineHeight => Size * 1.25f;

    public TextStyle Centered() => this with { Align = TextAlign.Center };

    public TextStyle Right() => this with { Align = TextAlign.Right };

    public TextStyle Emphasised() => this with { Bold = true };
}
