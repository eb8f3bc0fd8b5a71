using Akka.Hosting;

namespace AkkaKv.Persistence;

/// <summary>Akka.Hosting entry point: one call registers the group-commit journal and snapshot store as the defaults.</summary>
public static class GroupCommitHostingExtensions
{
    public static AkkaConfigurationBuilder WithGroupCommitPersistence(this AkkaConfigurationBuilder builder, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        // Prepend so these keys win over Akka.Persistence's reference defaults (journal.plugin = "" etc.).
        return builder.AddHocon(GroupCommitPersistenceConfig.Build(options), HoconAddMode.Prepend);
    }
}
