namespace AkkaKv.Persistence.GroupCommit;

/// <summary>One event ready for INSERT: serialized on the journal actor's thread so the writer thread only does I/O.</summary>
internal readonly record struct JournalRow(
    string PersistenceId,
    long SequenceNr,
    long Timestamp,
    string Manifest,
    string WriterUuid,
    SerializedPayload Payload);
