using AkkaKv.Replication;

namespace AkkaKv.Server.Http;

/// <summary>The <c>?consistency=</c> query parameter: linearizable / majority / local on reads, local / majority / all
/// on writes. Absent means the node's default (AkkaKv:Replication).</summary>
public static class ConsistencyQuery
{
    private const string Name = "consistency";

    public static KvError? Read(HttpContext context, out ReadConsistency? level)
    {
        level = null;
        if (!context.Request.Query.TryGetValue(Name, out var text))
        {
            return null;
        }

        if (!ConsistencyNames.TryParse(text.ToString(), out ReadConsistency parsed))
        {
            return new KvError(KvErrorCode.InvalidParameter, "consistency on a read must be linearizable, majority or local");
        }

        level = parsed;
        return null;
    }

    public static KvError? Write(HttpContext context, out WriteConsistency? level)
    {
        level = null;
        if (!context.Request.Query.TryGetValue(Name, out var text))
        {
            return null;
        }

        if (!ConsistencyNames.TryParse(text.ToString(), out WriteConsistency parsed))
        {
            return new KvError(KvErrorCode.InvalidParameter, "consistency on a write must be local, majority or all");
        }

        level = parsed;
        return null;
    }
}
