namespace AkkaKv.Messages;

/// <summary>Routes a message to the slot entity that owns it (the sharding message extractor reads this).</summary>
public interface IWithSlot
{
    int Slot { get; }
}

/// <summary>A command that changes a key; a slot decides and journals these one batch at a time.</summary>
public interface ISlotWrite : IWithSlot
{
    string Key { get; }
}
