using System.Globalization;

namespace AkkaKv.Actors.Hosting;

/// <summary>The slot count is fixed when a data directory is born: keys were hashed with it, so a node started with
/// another count would look for every key in the wrong slot. The count is written once and checked at every start.</summary>
public static class KeyspaceGuard
{
    public const string FileName = "keyspace";

    public static void CheckOrCreate(string dataDir, int slotCount)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, $"slot-count={slotCount.ToString(CultureInfo.InvariantCulture)}\n");
            return;
        }

        var text = File.ReadAllText(path).Trim();
        const string prefix = "slot-count=";
        if (!text.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var stored))
        {
            throw new InvalidOperationException($"{path} is not a keyspace marker ('{text}'); refusing to start");
        }

        if (stored != slotCount)
        {
            throw new InvalidOperationException(
                $"the data in {Path.GetFullPath(dataDir)} was written with {stored} slots, but this node is configured with {slotCount}; " +
                $"start it with AkkaKv:SlotCount={stored} or on an empty data directory");
        }
    }
}
