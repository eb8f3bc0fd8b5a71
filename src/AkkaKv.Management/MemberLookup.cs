using Akka.Actor;
using Akka.Cluster;

namespace AkkaKv.Management;

/// <summary>Finds the member a request names: by its full Akka address, or by host:port alone (what operators type).</summary>
public static class MemberLookup
{
    /// <summary>The member, or null (with why in <paramref name="error"/>) when the text is not an address or no member has it.</summary>
    public static Member? Find(ClusterEvent.CurrentClusterState state, string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        foreach (var member in state.Members)
        {
            if (Matches(member.Address, trimmed))
            {
                return member;
            }
        }

        error = IsAddressLike(trimmed)
            ? $"no member of this cluster has the address '{trimmed}'"
            : $"'{trimmed}' is not a member address like akka.tcp://akkakv@127.0.0.1:4053 or 127.0.0.1:4053";
        return null;
    }

    /// <summary>A full Akka address to join, or null when <paramref name="text"/> is not one.</summary>
    public static Address? ParseAddress(string text)
    {
        try
        {
            var address = Address.Parse(text.Trim());
            // Akka parses a missing port as -1, not null.
            return address.Protocol == "akka.tcp" && address.Host is { Length: > 0 } && address.Port is > 0 and <= 65535 ? address : null;
        }
        catch (UriFormatException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Matches(Address address, string text) =>
        string.Equals(address.ToString(), text, StringComparison.OrdinalIgnoreCase)
        || string.Equals($"{address.Host}:{address.Port}", text, StringComparison.OrdinalIgnoreCase);

    private static bool IsAddressLike(string text) => text.Contains("://", StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal);
}
