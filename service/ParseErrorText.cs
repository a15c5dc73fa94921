using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Service;

/// <summary>
/// The parser's errors in words a ward officer can act on, in both languages. System.CommandLine
/// speaks English and names .NET types ("expected type 'System.Int32'"); here each error names the
/// option, the value given and what is expected, with an example. The parser's resource texts are
/// fixed for its version, so they are recognised by their shape; one not recognised is passed on
/// as the parser wrote it, never dropped.
/// </summary>
internal static partial class ParseErrorText
{
    public static Message Of(ParseError error)
    {
        var text = error.Message;
        var option = (error.SymbolResult as OptionResult)?.Option;
        var name = option?.Name;

        if (CannotParse().Match(text) is { Success: true } bad)
        {
            var value = bad.Groups["value"].Value;
            var target = option is null ? null : Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            var who = name ?? bad.Groups["symbol"].Value;
            return BadValue(who, value, target);
        }
        if (Required().Match(text) is { Success: true } required)
        {
            var missing = required.Groups["option"].Value;
            return Message.Of($"thiếu {missing}: tùy chọn này là bắt buộc{Example(missing, vi: true)}",
                              $"{missing} is required{Example(missing, vi: false)}");
        }
        if (OptionValueMissing().Match(text) is { Success: true } empty)
        {
            var missing = empty.Groups["option"].Value;
            return Message.Of($"{missing} cần một giá trị{Example(missing, vi: true)}",
                              $"{missing} needs a value{Example(missing, vi: false)}");
        }
        if (CommandArgumentMissing().Match(text) is { Success: true } argument)
        {
            var command = argument.Groups["command"].Value;
            return Message.Of($"lệnh '{command}' cần thêm đối số (ví dụ tệp hoặc thư mục); xem 'disu … {command} --help'",
                              $"the command '{command}' needs an argument (e.g. a file or folder); see 'disu … {command} --help'");
        }
        if (Unrecognized().Match(text) is { Success: true } unknown)
        {
            var token = unknown.Groups["token"].Value;
            return token.StartsWith('-')
                ? Message.Of($"không có tùy chọn '{token}' ở lệnh này",
                             $"this command has no option '{token}'")
                : Message.Of($"không hiểu '{token}': đây không phải lệnh hay đối số của lệnh này",
                             $"'{token}' is not a command or argument of this command");
        }
        if (text.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return new("thiếu lệnh: hãy chọn một lệnh con", "a command is missing: choose a subcommand");
        if (SingleValue().Match(text) is { Success: true } many)
        {
            var repeated = many.Groups["option"].Value;
            return Message.Of($"{repeated} chỉ nhận một giá trị nhưng được cho {many.Groups["count"].Value}; hãy cho một lần",
                              $"{repeated} takes one value but {many.Groups["count"].Value} were given; give it once");
        }
        if (NotAmong().Match(text) is { Success: true } among)
        {
            var choices = string.Join(", ", among.Groups["choices"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var who = name is null ? "" : name + ": ";
            return Message.Of($"{who}'{among.Groups["value"].Value}' không phải giá trị hợp lệ; chọn một trong: {choices}",
                              $"{who}'{among.Groups["value"].Value}' is not allowed; use one of: {choices}");
        }
        return new("lệnh không hợp lệ: " + text, text);
    }

    /// <summary>A value the option's type cannot take: what it must be, and an example.</summary>
    private static Message BadValue(string option, string value, Type? target)
    {
        if (target is not null && target.IsEnum)
        {
            var choices = string.Join(", ", Enum.GetNames(target).Select(n => n.ToLowerInvariant()));
            return Message.Of($"{option}: '{value}' không phải giá trị hợp lệ; chọn một trong: {choices}",
                              $"{option}: '{value}' is not allowed; use one of: {choices}");
        }
        if (IsYear(option) && target == typeof(int))
            return Message.Of($"{option}: '{value}' không phải một năm; ví dụ {option} 2024",
                              $"{option}: '{value}' is not a year; e.g. {option} 2024");
        if (target == typeof(int) || target == typeof(long))
            return Message.Of($"{option}: '{value}' không phải một số nguyên; ví dụ {option} {ExampleNumber(option)}",
                              $"{option}: '{value}' is not a whole number; e.g. {option} {ExampleNumber(option)}");
        if (target == typeof(double) || target == typeof(decimal))
            return Message.Of($"{option}: '{value}' không phải một số; viết dấu chấm thập phân, ví dụ {option} 0.05",
                              $"{option}: '{value}' is not a number; e.g. {option} 0.05");
        if (target == typeof(bool))
            return Message.Of($"{option}: '{value}' không phải true hay false; bỏ giá trị đi để bật tùy chọn",
                              $"{option}: '{value}' is not true or false; leave the value out to switch the option on");
        return Message.Of($"{option}: giá trị '{value}' không hợp lệ; xem --help",
                          $"{option}: the value '{value}' is not valid; see --help");
    }

    private static bool IsYear(string option) => option.EndsWith("year", StringComparison.Ordinal) || option is "--from" or "--to";

    private static string ExampleNumber(string option) => option switch
    {
        "--seed" => "42",
        "--households" => "3400",
        "--seconds" => "30",
        _ => "1",
    };

    private static string Example(string option, bool vi) =>
        IsYear(option) ? (vi ? $"; ví dụ {option} 2024" : $"; e.g. {option} 2024") : "";

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*?)' (?:for (?:option|command) '(?<symbol>[^']*)' )?as expected type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Option '(?<option>[^']*)' is required\.")]
    private static partial Regex Required();

    [GeneratedRegex(@"^Required argument missing for option: '(?<option>[^']*)'\.")]
    private static partial Regex OptionValueMissing();

    [GeneratedRegex(@"^Required argument missing for command: '(?<command>[^']*)'\.")]
    private static partial Regex CommandArgumentMissing();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Option '(?<option>[^']*)' expects a single argument but (?<count>[0-9]+) were provided\.")]
    private static partial Regex SingleValue();

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:(?<choices>.*)$", RegexOptions.Singleline)]
    private static partial Regex NotAmong();
}
