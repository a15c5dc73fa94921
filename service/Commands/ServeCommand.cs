using System.CommandLine;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu serve`: the unattended service (scheduler, inbox, HTTP API, web workspace); `disu serve key`: API keys; `disu serve user`: people.</summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var listen = new Option<string?>("--listen") { Description = "Address to listen on (default from Disu:Serve:Listen, else http://127.0.0.1:5080)." };
        var inbox = new Option<string?>("--inbox") { Description = "Folder watched for input files (default data/inbox)." };
        var outbox = new Option<string?>("--outbox") { Description = "Folder the reports are written to (default data/outbox)." };
        var archive = new Option<string?>("--archive") { Description = "Folder loaded files are moved to (default data/archive)." };
        var quarantine = new Option<string?>("--quarantine") { Description = "Folder refused files are moved to, with the reasons (default data/quarantine)." };
        var command = new Command("serve", "Run the service: load files dropped into the inbox on schedule, refresh forecasts and reports, answer HTTP (see docs/operations.md).")
        {
            mart, listen, inbox, outbox, archive, quarantine,
        };
        command.Subcommands.Add(BuildKey(context));
        command.Subcommands.Add(ServeUserCommand.Build(context));
        command.SetAction(parse =>
        {
            var flags = new Dictionary<string, string?>
            {
                ["Disu:Serve:Listen"] = parse.GetValue(listen),
                ["Disu:Serve:Inbox"] = parse.GetValue(inbox),
                ["Disu:Serve:Outbox"] = parse.GetValue(outbox),
                ["Disu:Serve:Archive"] = parse.GetValue(archive),
                ["Disu:Serve:Quarantine"] = parse.GetValue(quarantine),
            }.Where(f => f.Value is not null);
            var configuration = DisuConfiguration.WithFlags(context.Configuration, flags);
            var options = ServeOptions.From(configuration);
            var problems = ServeOptionsValidator.Problems(options);
            if (problems.Count > 0)
                throw new UsageException(Message.Join("\n  ", problems).After(
                    "cài đặt của dịch vụ (Disu:Serve) vi phạm các quy tắc sau nên dịch vụ chưa khởi động:\n  ",
                    "the service settings (Disu:Serve) break these rules, so it did not start:\n  "));
            if (options.Keys.Count == 0)
                context.Warn($"cảnh báo: chưa cấu hình khóa API nào (Disu:Serve:Keys); mọi điểm cuối /api sẽ trả lời 401. Tạo khóa bằng 'disu serve key new'.",
                             $"warning: no API keys are configured (Disu:Serve:Keys); every /api endpoint will answer 401. Create one with 'disu serve key new'.");
            var users = options.UsersPath(parse.GetValue(mart)!);
            if (new Web.UserStore(users, context.Clock).All().Count == 0)
                context.Warn($"cảnh báo: chưa có người dùng nào ({users}); chưa ai đăng nhập được vào trang web. Thêm bằng 'disu serve user add'.",
                             $"warning: there are no users yet ({users}); nobody can sign in to the web workspace. Add one with 'disu serve user add'.");
            var settings = new ServeSettings(parse.GetValue(mart)!, options, configuration, context.Clock, context.Options.MemoryLimit);
            using var app = ServeHost.Build(settings);
            app.Run();
            return Cli.Ok;
        });
        return command;
    }

    private static Command BuildKey(CliContext context)
    {
        var key = new Command("key", "Create API keys; only their hashes go into the configuration.");
        var id = new Option<string>("--id") { Description = "A name for the key, shown in the audit log (e.g. disu-leader-2026).", Required = true };
        var role = new Option<string>("--role") { Description = "leader, planner, officer or admin.", Required = true };
        var ward = new Option<string?>("--ward") { Description = "Restrict the key to one ward code (it then sees nothing of other wards)." };
        var create = new Command("new", "Print a new random key once, and the configuration entry holding its hash.") { id, role, ward };
        create.SetAction(parse =>
        {
            if (!Enum.TryParse<Role>(parse.GetValue(role), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                throw new UsageException($"--role '{parse.GetValue(role)}' phải là leader, planner, officer hoặc admin",
                                         $"--role '{parse.GetValue(role)}' must be leader, planner, officer or admin");
            var secret = ApiKeyOptions.NewKey();
            var entry = new { Id = parse.GetValue(id), Sha256 = ApiKeyOptions.Hash(secret), Role = parsed.ToString().ToLowerInvariant(), Ward = parse.GetValue(ward) };
            context.Line($"khóa: {secret}", $"key: {secret}");
            context.Line($"Hãy trao khóa cho người giữ ngay bây giờ; khóa không được lưu ở đâu cả. Thêm mục này vào Disu:Serve:Keys rồi khởi động lại dịch vụ:",
                         $"Give the key to its holder now; it is not stored anywhere. Add this entry to Disu:Serve:Keys and restart the service:");
            context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(entry, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return Cli.Ok;
        });
        var hash = new Command("hash", "Print the SHA-256 of a key read from standard input (to check a configuration entry).");
        hash.SetAction(_ =>
        {
            var line = context.In.ReadLine();
            if (string.IsNullOrWhiteSpace(line)) throw new UsageException($"hãy đưa khóa qua đầu vào chuẩn (stdin)", $"give the key on standard input");
            context.Out.WriteLine(ApiKeyOptions.Hash(line));
            return Cli.Ok;
        });
        key.Subcommands.Add(create);
        key.Subcommands.Add(hash);
        return key;
    }
}
