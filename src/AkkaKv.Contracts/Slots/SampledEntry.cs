namespace AkkaKv.Slots;

/// <summary>A stored entry as eviction's sampling found it in its table cell (<see cref="EntryTable.SampleRun"/>): the
/// entry, its key's hash and its access stamp, read without touching the entry. The hash lets the eviction find the
/// cell again without reading the entry's key (<see cref="EntryTable.RemoveEntry(KvEntry, int)"/>).</summary>
public readonly record struct SampledEntry(KvEntry Entry, int Hash, uint Stamp);
