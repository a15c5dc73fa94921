using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiSu.Analytics.Mart;

/// <summary>
/// A round of the household review (năm rà soát): the year whose snapshot the mart holds. Groups
/// of a year, the trend's years and a forecast's base are review years. See <see cref="ReportYears"/>.
/// </summary>
[JsonConverter(typeof(ReviewYearJson))]
public readonly record struct ReviewYear(int Value) : IComparable<ReviewYear>
{
    /// <summary>The plan year this round is the base of when it is the latest: the year after it.</summary>
    public PlanYear NextPlanYear => new(Value + 1);

    public int CompareTo(ReviewYear other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    // A literal year in code or a parsed number reads as a review year where one is asked for;
    // a plan year never does (no conversion between the two kinds).
    public static implicit operator ReviewYear(int value) => new(value);

    public static bool operator <(ReviewYear a, ReviewYear b) => a.Value < b.Value;

    public static bool operator >(ReviewYear a, ReviewYear b) => a.Value > b.Value;

    public static bool operator <=(ReviewYear a, ReviewYear b) => a.Value <= b.Value;

    public static bool operator >=(ReviewYear a, ReviewYear b) => a.Value >= b.Value;
}

/// <summary>
/// The year a plan, an appendix, a briefing, a forecast or a priority list is for (năm kế hoạch):
/// built on the latest review round before it, so at most the latest review year + 1.
/// </summary>
[JsonConverter(typeof(PlanYearJson))]
public readonly record struct PlanYear(int Value) : IComparable<PlanYear>
{
    /// <summary>The review year just before: the latest round this plan year may be built on (the base when that round is loaded).</summary>
    public ReviewYear RoundBefore => new(Value - 1);

    public int CompareTo(PlanYear other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    public static implicit operator PlanYear(int value) => new(value);

    public static bool operator <(PlanYear a, PlanYear b) => a.Value < b.Value;

    public static bool operator >(PlanYear a, PlanYear b) => a.Value > b.Value;

    public static bool operator <=(PlanYear a, PlanYear b) => a.Value <= b.Value;

    public static bool operator >=(PlanYear a, PlanYear b) => a.Value >= b.Value;
}

/// <summary>A review year in JSON is the number (2024), as the API has always written years.</summary>
internal sealed class ReviewYearJson : JsonConverter<ReviewYear>
{
    public override ReviewYear Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, ReviewYear value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>A plan year in JSON is the number (2025).</summary>
internal sealed class PlanYearJson : JsonConverter<PlanYear>
{
    public override PlanYear Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, PlanYear value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}
