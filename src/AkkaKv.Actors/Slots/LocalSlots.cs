using Akka.Actor;
using AkkaKv.Memory;

namespace AkkaKv.Actors.Slots;

/// <summary>The slots whose owner runs on this node, published by the owner once it has recovered and withdrawn as soon
/// as it starts to hand off or stop. Reads of these slots are served straight from their state and writes are sent
/// straight to their owner — no region or shard hop — and stay linearizable: a write is applied to the state before it
/// is acknowledged, and only the single live owner publishes. Other slots are reached through the shard region.
/// The node's memory accounting and budget span these slots (<see cref="Memory"/>, <see cref="Evictor"/>).</summary>
public sealed class LocalSlots : IExtension
{
    private readonly LocalSlot?[] _slots;

    public LocalSlots(int slotCount, EvictionSettings? eviction = null, Random? sampling = null)
    {
        _slots = new LocalSlot?[slotCount];
        Memory = new KeyspaceMemory { Settings = eviction ?? EvictionSettings.Unlimited };
        Evictor = new Evictor(this, Memory, sampling);
    }

    public KeyspaceMemory Memory { get; }

    public Evictor Evictor { get; }

    public static LocalSlots For(ActorSystem system) => system.WithExtension<LocalSlots, LocalSlotsProvider>();

    public int SlotCount => _slots.Length;

    public LocalSlot? Find(int slot) => Volatile.Read(ref _slots[slot]);

    public void Publish(int slot, LocalSlot local) => Volatile.Write(ref _slots[slot], local);

    /// <summary>Withdraws the slot only if <paramref name="local"/> is still the published one, and closes it to inline
    /// writes (a caller that found it just before may not write after this returns).</summary>
    public void Withdraw(int slot, LocalSlot local)
    {
        local.Close();
        Interlocked.CompareExchange(ref _slots[slot], null, local);
    }
}

/// <summary>Creates the node's <see cref="LocalSlots"/>; the slot count comes from akkakv.slot-count and the initial
/// budget from akkakv.memory (both set by ConfigureSlots from the node's settings).</summary>
public sealed class LocalSlotsProvider : ExtensionIdProvider<LocalSlots>
{
    public const string SlotCountPath = "akkakv.slot-count";
    public const string MemoryPath = "akkakv.memory";

    public override LocalSlots CreateExtension(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        var memory = config.GetConfig(MemoryPath);
        var eviction = memory is null || memory.IsEmpty
            ? EvictionSettings.Unlimited
            : new EvictionSettings(
                MaxMemoryBytes: memory.GetLong("max-bytes", 0),
                MaxKeys: memory.GetLong("max-keys", 0),
                Policy: EvictionPolicies.TryParse(memory.GetString("policy", "noeviction"), out var policy) ? policy : EvictionPolicy.NoEviction,
                Samples: memory.GetInt("samples", 5),
                LfuLogFactor: memory.GetInt("lfu-log-factor", 10),
                LfuDecayMinutes: memory.GetInt("lfu-decay-time", 1));
        return new LocalSlots(config.GetInt(SlotCountPath, Keys.SlotHasher.DefaultSlotCount), eviction);
    }

    /// <summary>The HOCON that hands the node's initial budget to <see cref="CreateExtension"/>.</summary>
    public static string ToHocon(EvictionSettings memory) =>
        FormattableString.Invariant($$"""
            {{MemoryPath}} {
              max-bytes = {{memory.MaxMemoryBytes}}
              max-keys = {{memory.MaxKeys}}
              policy = "{{EvictionPolicies.NameOf(memory.Policy)}}"
              samples = {{memory.Samples}}
              lfu-log-factor = {{memory.LfuLogFactor}}
              lfu-decay-time = {{memory.LfuDecayMinutes}}
            }
            """);
}
