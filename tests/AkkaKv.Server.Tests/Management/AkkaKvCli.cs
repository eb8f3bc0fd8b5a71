using System.Reflection;
using AkkaKv.Server.Tests.Resp;

namespace AkkaKv.Server.Tests.Management;

/// <summary>Runs the real <c>akkakv</c> command line (the built akkakv.dll) as an operator would, and returns what it
/// printed and its exit code.</summary>
public static class AkkaKvCli
{
    private static readonly string CliDll = typeof(AkkaKvCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDll").Value!;

    public static Task<CommandLineTool.Result> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    /// <summary>Runs with <paramref name="input"/> as its standard input (the REPL reads its commands from it).</summary>
    public static Task<CommandLineTool.Result> RunWithInputAsync(string? input, params string[] arguments) =>
        CommandLineTool.RunAsync("dotnet", [CliDll, .. arguments], input, TimeSpan.FromSeconds(60));
}
