using Akka.Actor;

namespace AkkaKv.Actors.Slots;

/// <summary>The slots whose owner runs on this node, published by the owner once it has recovered and withdrawn as soon
/// as it starts to hand off or stop. Reads of these slots are served straight from their state and writes are sent
/// straight to their owner — no region or shard hop — and stay linearizable: a write is applied to the state before it
/// is acknowledged, and only the single live owner publishes. Other slots are reached through the shard region.</summary>
public sealed class LocalSlots : IExtension
{
    private readonly LocalSlot?[] _slots;

    public LocalSlots(int slotCount)
    {
        _slots = new LocalSlot?[slotCount];
    }

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

/// <summary>Creates the node's <see cref="LocalSlots"/>; the slot count comes from akkakv.slot-count (set by ConfigureSlots).</summary>
public sealed class LocalSlotsProvider : ExtensionIdProvider<LocalSlots>
{
    public const string SlotCountPath = "akkakv.slot-count";

    public override LocalSlots CreateExtension(ExtendedActorSystem system) =>
        new(system.Settings.Config.GetInt(SlotCountPath, Keys.SlotHasher.DefaultSlotCount));
}
