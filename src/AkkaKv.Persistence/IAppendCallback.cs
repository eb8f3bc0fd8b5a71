namespace AkkaKv.Persistence;

/// <summary>The outcome of events handed to <see cref="DirectJournal.Append"/>, told on the journal's writer thread right
/// after the transaction that held them (keep the work short: the next transaction waits for it), or at once on the
/// caller's thread when the journal has stopped.</summary>
public interface IAppendCallback
{
    /// <summary>Every event is durable.</summary>
    void Committed();

    /// <summary>The events may not be relied on as stored. <paramref name="mayHaveCommitted"/> is false only when the
    /// journal refused them before writing (their sequence numbers were not above the stored ones).</summary>
    void Failed(Exception cause, bool mayHaveCommitted);
}
