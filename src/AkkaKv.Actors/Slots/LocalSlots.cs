using Akka.Actor;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The committed state of every slot whose owner runs on this node, published by the owner once it has
/// recovered and withdrawn when it stops (hand-off, shutdown). Reads of these slots are served straight from it — no
/// actor hop — and are still linearizable: a write is applied to the state before it is acknowledged, and a state is
/// published only by its single, live owner. Reads of other slots go through the shard region.</summary>
public sealed class LocalSlots : IExtension
{
    private readonly SlotState?[] _slots;

    public LocalSlots(int slotCount)
    {
        _slots = new SlotState?[slotCount];
    }

    public static LocalSlots For(ActorSystem system) => system.WithExtension<LocalSlots, LocalSlotsProvider>();

    public SlotState? Find(int slot) => Volatile.Read(ref _slots[slot]);

    public void Publish(int slot, SlotState state) => Volatile.Write(ref _slots[slot], state);

    /// <summary>Withdraws the slot only if <paramref name="state"/> is still the published one.</summary>
    public void Withdraw(int slot, SlotState state) => Interlocked.CompareExchange(ref _slots[slot], null, state);
}

/// <summary>Creates the node's <see cref="LocalSlots"/>; the slot count comes from akkakv.slot-count (set by ConfigureSlots).</summary>
public sealed class LocalSlotsProvider : ExtensionIdProvider<LocalSlots>
{
    public const string SlotCountPath = "akkakv.slot-count";

    public override LocalSlots CreateExtension(ExtendedActorSystem system) =>
        new(system.Settings.Config.GetInt(SlotCountPath, Keys.SlotHasher.DefaultSlotCount));
}
