using System.Text.Json;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>Waits until every node sees the slots spread over <c>expectedOwners</c> nodes, none unowned, and at least
/// that many Up members besides the lighthouse.</summary>
public static class SlotSpread
{
    public static async Task WaitAsync(IReadOnlyList<ServerProcess> nodes, int expectedOwners, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var ok = true;
            foreach (var node in nodes)
            {
                try
                {
                    using var response = await node.Http.GetAsync("/v1/cluster");
                    last = await response.Content.ReadAsStringAsync();
                    using var json = JsonDocument.Parse(last);
                    var root = json.RootElement;
                    var owners = root.GetProperty("slotsByNode").EnumerateArray().Count(n => n.GetProperty("slots").GetInt32() > 0);
                    var up = root.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
                    ok &= response.IsSuccessStatusCode && owners == expectedOwners && up >= expectedOwners + 1
                          && root.GetProperty("unownedSlots").GetInt32() == 0;
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    ok = false;
                }
            }

            if (ok)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"slots not spread over {expectedOwners} nodes in time; last /v1/cluster: {last}");
    }
}
