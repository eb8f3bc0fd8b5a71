using AkkaKv.Cli;

// akkakv [host:port] <command> [args] [--json] [--token T]; see CliApp and `akkakv --help`.
var console = CliConsole.System();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the running command (a tail ends with exit 0); with nothing to stop, or on a second
    // Ctrl-C, the process ends as usual.
    e.Cancel = console.Interrupts.Interrupt();
};

return await new CliApp(console).RunAsync(args);
