namespace AkkaKv.Resp.Protocol;

/// <summary>What a client may send: beyond these the frame is refused with Redis's protocol error and the connection
/// closed, before anything is allocated for it.</summary>
/// <param name="MaxBulkBytes">Longest argument (Redis proto-max-bulk-len); AkkaKv's value limit plus room for the key.</param>
/// <param name="MaxArguments">Most arguments in one command (Redis: 1024*1024).</param>
/// <param name="MaxInlineBytes">Longest inline command or header line (Redis: 64 KiB).</param>
public sealed record RespLimits(long MaxBulkBytes, int MaxArguments = 1024 * 1024, int MaxInlineBytes = 64 * 1024);
