using System.CommandLine;
using AkkaKv.Cli.Commands;

namespace AkkaKv.Cli.Tests.Support;

/// <summary>The real command tree, with actions bound to nowhere: what completion and help walk.</summary>
public static class TestTree
{
    public static RootCommand Root() => CommandTree.ForInspection();
}
