using DiSu.Analytics.Service;
using DiSu.Analytics.Service.Worker;

// The service's query workers are this program too, started without the command line's machinery.
if (args.Length > 0 && args[0] == QueryWorkerHost.Verb) return QueryWorkerHost.Run(args[1..]);
return Cli.Run(args, Console.Out, Console.Error);
