using DiSu.Analytics.Service;

return Cli.Run(args, Console.Out, Console.Error);
