using System.Text;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

/// <summary>What one <see cref="RespReader.TryRead"/> call did: copied out of the reused request, so results of several
/// calls can be compared.</summary>
internal sealed record Parsed(ReadStatus Status, long Consumed, string? Error, IReadOnlyList<byte[]> Args)
{
    public IReadOnlyList<string> Words => [.. Args.Select(a => Encoding.UTF8.GetString(a))];

    /// <summary>Same outcome: status, bytes consumed, error text and arguments byte for byte.</summary>
    public bool SameAs(Parsed other) =>
        Status == other.Status && Consumed == other.Consumed && Error == other.Error
        && Args.Count == other.Args.Count && Args.Zip(other.Args).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override string ToString() =>
        $"{Status} consumed={Consumed} error={Error ?? "-"} args=[{string.Join(", ", Args.Select(a => Convert.ToHexString(a)))}]";
}
