using System.Text;
using AkkaKv.Actors.Slots;

namespace AkkaKv.Actors.Tests;

/// <summary>Test shorthand: the Redis protocol hands <see cref="LocalSlot.TrySetInline"/> UTF-8 bytes; tests write text.</summary>
internal static class LocalSlotTestExtensions
{
    public static bool TrySetInline(this LocalSlot slot, string key, string value, long nowMs) =>
        slot.TrySetInline(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), nowMs);
}
