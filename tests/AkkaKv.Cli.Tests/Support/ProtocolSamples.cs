namespace AkkaKv.Cli.Tests.Support;

/// <summary>Answers shaped exactly as src/AkkaKv.Management/README.md (and the main README for /v1/kv) says.</summary>
public static class ProtocolSamples
{
    public const string Node1 = "akka.tcp://akkakv@127.0.0.1:4053";
    public const string Node2 = "akka.tcp://akkakv@127.0.0.1:4054";
    public const string Lighthouse = "akka.tcp://akkakv@127.0.0.1:4100";

    public const string Node = $$"""
        {"kind": "node", "address": "{{Node1}}", "roles": ["kv"],
         "version": "1.0.0", "startedAt": "2026-11-26T17:00:00+00:00", "httpPort": 8080, "respPort": 6379}
        """;

    public const string Cluster = $$"""
        {"self": "{{Node1}}",
         "selfStatus": "Up",
         "leader": "{{Node1}}",
         "members": [{"address": "{{Node1}}", "status": "Up", "roles": ["kv"], "reachable": true},
                     {"address": "{{Node2}}", "status": "Up", "roles": ["kv"], "reachable": true},
                     {"address": "{{Lighthouse}}", "status": "Up", "roles": ["lighthouse"], "reachable": true}],
         "unreachable": []}
        """;

    public const string ClusterWithTrouble = $$"""
        {"self": "{{Node1}}", "selfStatus": "Up", "leader": null,
         "members": [{"address": "{{Node1}}", "status": "Up", "roles": ["kv"], "reachable": true},
                     {"address": "{{Node2}}", "status": "Leaving", "roles": ["kv"], "reachable": false}],
         "unreachable": ["{{Node2}}"]}
        """;

    public const string Regions = """{"regions": [{"typeName": "slots-1024-128-store", "alias": "kv"}]}""";

    public const string RegionStats = $$"""
        {"region": "slots-1024-128-store", "address": "{{Node1}}", "shards": [{"shardId": "2", "entities": 8}, {"shardId": "12", "entities": 7}]}
        """;

    public const string ShardStats = $$"""
        {"region": "slots-1024-128-store",
         "coordinator": "{{Node2}}",
         "regions": [{"address": "{{Node1}}", "shards": [{"shardId": "0", "entities": 8}, {"shardId": "1", "entities": 8}]},
                     {"address": "{{Node2}}", "shards": [{"shardId": "2", "entities": 6}]}],
         "failed": ["17"]}
        """;

    public const string Slots = $$"""
        {"slotCount": 4, "shardCount": 2, "mode": "Store",
         "slots": [{"slot": 0, "owner": "{{Node1}}", "keys": 12, "bytes": 2048, "revision": 17},
                   {"slot": 1, "owner": "{{Node2}}", "keys": 3, "bytes": 100, "revision": 4},
                   {"slot": 2, "owner": "{{Node1}}", "keys": 1, "bytes": 10, "revision": 1},
                   {"slot": 3, "owner": null, "keys": 0, "bytes": 0, "revision": 0}]}
        """;

    public const string Stats = $$$"""
        {"address": "{{{Node1}}}", "mode": "Store", "uptimeSeconds": 123.4,
         "keys": 1000, "localSlots": 512,
         "resp": {"connectedClients": 3, "totalConnections": 10, "totalCommands": 12345},
         "memory": {"managedHeapBytes": 123456, "workingSetBytes": 234567, "gcCollections": [10, 2, 1]}}
        """;

    public const string Config = """
        {"settings": [{"name": "maxmemory", "value": "0", "writable": true},
                      {"name": "maxmemory-policy", "value": "noeviction", "writable": true},
                      {"name": "databases", "value": "1", "writable": false}]}
        """;

    public const string Greeting = """{"key":"greeting","value":"hello","version":1,"revision":1}""";

    public const string Scan = """
        {"items":[{"key":"user/1","value":"ann","version":1,"revision":7},{"key":"user/2","value":"two\nlines","version":3,"revision":9}],"cursor":"dXNlci8y"}
        """;

    public static string Error(string code, string message) => $$"""{"error": "{{code}}", "message": "{{message}}"}""";

    public static string Event(string name, string? address, string? status, bool snapshot) =>
        $$"""{"time": "2026-11-26T17:00:01.123+00:00", "event": "{{name}}", "address": {{Quote(address)}}, "status": {{Quote(status)}}, "roles": ["kv"], "snapshot": {{(snapshot ? "true" : "false")}}}""";

    private static string Quote(string? s) => s is null ? "null" : $"\"{s}\"";
}
