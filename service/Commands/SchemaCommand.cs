using System.CommandLine;
using System.Text.Json;
using DiSu.Analytics.Mart.Schema;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu schema`: the public tables and views with their columns, types and English and Vietnamese
/// descriptions, read from the mart's own comment metadata (so it describes the mart as it is).
/// `--write FILE` regenerates the marked blocks of docs/mart.md in place.
/// </summary>
internal static class SchemaCommand
{
    public static Command Build(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "One table or view; all public ones when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var mart = CommonOptions.Mart(context);
        var format = new Option<string>("--format")
        {
            Description = "md (the generated blocks of docs/mart.md) or json.",
            DefaultValueFactory = _ => "md",
        };
        format.AcceptOnlyFromAmong("md", "json");
        var write = new Option<string?>("--write")
        {
            Description = "Replace the schema blocks (<!-- schema:begin NAME --> … <!-- schema:end NAME -->) of this markdown file, e.g. docs/mart.md, keeping the text around them.",
        };
        var command = new Command("schema", "Describe the mart's public tables and views: columns, types, descriptions in English and Vietnamese.")
        {
            name, mart, format, write,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            var objects = SchemaCatalog.Read(connection);
            var target = parse.GetValue(write);
            if (target is not null)
            {
                var updated = SchemaCatalog.Regenerate(File.ReadAllText(target), objects);
                File.WriteAllText(target, updated);
                context.Line($"{target}: đã tạo lại {objects.Count:N0} khối lược đồ", $"{target}: {objects.Count:N0} schema blocks regenerated");
                return Cli.Ok;
            }
            var wanted = parse.GetValue(name);
            if (wanted is not null)
            {
                objects = objects.Where(o => o.Name == wanted).ToList();
                if (objects.Count == 0)
                {
                    var known = string.Join(", ", SchemaCatalog.Read(connection).Select(o => o.Name));
                    context.Warn($"không có bảng hay view công bố nào tên '{wanted}'. Các tên có: {known}.", $"no public table or view '{wanted}'. Known: {known}.");
                    return Cli.Usage;
                }
            }
            if (parse.GetValue(format) == "json")
            {
                var shaped = objects.Select(o => new
                {
                    name = o.Name, kind = o.Kind, en = o.English, vi = o.Vietnamese,
                    columns = o.Columns.Select(c => new { name = c.Name, type = c.Type, en = c.English, vi = c.Vietnamese }),
                }).ToList();
                var json = wanted is null ? JsonSerializer.Serialize(shaped, JsonOptions) : JsonSerializer.Serialize(shaped[0], JsonOptions);
                context.Out.WriteLine(json);
            }
            else
            {
                context.Out.Write(SchemaCatalog.Markdown(objects));
            }
            return Cli.Ok;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // Vietnamese stays readable in the output instead of \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
