using Akka.Configuration;
using AkkaKv.Persistence;

namespace AkkaKv.Persistence.Tests;

internal static class PluginTestConfig
{
    private const string TestHocon = """
        akka.loglevel = INFO
        akka.actor.serializers.failing = "AkkaKv.Persistence.Tests.FailingSerializer, AkkaKv.Persistence.Tests"
        akka.actor.serialization-bindings {
          "AkkaKv.Persistence.Tests.Unserializable, AkkaKv.Persistence.Tests" = failing
        }
        """;

    public static Config For(JournalOptions options) =>
        ConfigurationFactory.ParseString(TestHocon).WithFallback(GroupCommitPersistenceConfig.Build(options));
}
