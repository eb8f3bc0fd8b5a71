using System.Globalization;
using Microsoft.Diagnostics.Tracing;

// akkakv-alloc-report TRACE.nettrace REQUESTS [TOP]: the runtime samples an AllocationTick about every 100 KB allocated,
// naming the type whose allocation crossed the mark and the bytes since the last one; summed by type and divided by the
// requests the trace covered, that is bytes per request by type (a sample: types under ~1 byte per request are noise).
if (args.Length < 2 || !long.TryParse(args[1], out var requests) || requests <= 0)
{
    Console.Error.WriteLine("usage: akkakv-alloc-report TRACE.nettrace REQUESTS [TOP=25]");
    return 2;
}

var top = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 25;
var byType = new Dictionary<string, long>();
long total = 0;
using (var source = new EventPipeEventSource(args[0]))
{
    source.Clr.GCAllocationTick += tick =>
    {
        var type = tick.TypeName ?? "?";
        byType[type] = byType.GetValueOrDefault(type) + tick.AllocationAmount64;
        total += tick.AllocationAmount64;
    };
    source.Process();
}

Console.WriteLine($"{total / (double)requests,9:F1} bytes per request ({total:N0} bytes sampled over {requests:N0} requests)");
foreach (var (type, bytes) in byType.OrderByDescending(t => t.Value).Take(top))
{
    Console.WriteLine($"{bytes / (double)requests,9:F1}  {100.0 * bytes / Math.Max(1, total),5:F1}%  {type}");
}

return 0;
