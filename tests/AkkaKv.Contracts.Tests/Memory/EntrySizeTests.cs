using AkkaKv.Memory;
using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests.Memory;

/// <summary>The entry-size model against the GC's own count: 100,000 keys of 16 bytes with 100-byte values stored in a
/// slot state. Runs alone (other tests allocating meanwhile would be counted too).</summary>
[Collection(HeapMeasurement.Name)]
public class EntrySizeTests
{
    [Fact]
    public void The_model_is_within_a_fifth_of_what_the_heap_grows_by()
    {
        const int count = 100_000;
        var value = new string('v', 99);
        var memory = new KeyspaceMemory();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var state = new SlotState(memory);
        for (var i = 0; i < count; i++)
        {
            // Fresh strings for every key and value, as a request brings them.
            state.Put(new KvEntry($"key:{i:D12}", string.Concat(value, "x"), 1, i + 1, null), 0);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(state);

        var measured = after - before;
        var ratio = (double)memory.Bytes / measured;
        Console.WriteLine($"entry-size model {memory.Bytes:N0} bytes, heap grew {measured:N0} bytes (ratio {ratio:F2})");
        Assert.True(ratio is > 0.8 and < 1.25, $"model {memory.Bytes:N0} bytes, heap grew {measured:N0} bytes (ratio {ratio:F2})");
        Assert.Equal(count, memory.Keys);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "heap measurement";
}
