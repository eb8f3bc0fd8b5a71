using AkkaKv.Slots;

namespace AkkaKv.Messages;

/// <summary>Routes a message to the slot entity that owns it (the sharding message extractor reads this).</summary>
public interface IWithSlot
{
    int Slot { get; }
}

/// <summary>A command a slot decides in its write batch, in arrival order: it may change keys, and its reply is sent only
/// once the batch is durable (so a read queued behind a write of the same client sees it).</summary>
public interface ISlotCommand : IWithSlot
{
    /// <summary>Decides the command against the batch; the result is the reply to send once the batch is durable.</summary>
    object Decide(WriteBatch batch);

    /// <summary>The reply when the command's batch was not journaled (<paramref name="reason"/> says whether it may have been).</summary>
    object Failed(string reason);

    /// <summary>Whether the command may add to the node's memory: such commands are refused over budget when nothing
    /// can be evicted (Redis's "denyoom" commands); deletes and reads always run.</summary>
    bool MayGrow => true;
}

/// <summary>A command that changes one key (the HTTP API's writes).</summary>
public interface ISlotWrite : ISlotCommand
{
    string Key { get; }

    object ISlotCommand.Decide(WriteBatch batch) => batch.Add(this);

    object ISlotCommand.Failed(string reason) => new WriteFailed(Key, reason);
}
