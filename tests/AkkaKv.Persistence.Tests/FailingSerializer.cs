using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace AkkaKv.Persistence.Tests;

/// <summary>A payload type bound (in the test HOCON) to <see cref="FailingSerializer"/>.</summary>
public sealed record Unserializable(string Value);

/// <summary>Makes serialization of one AtomicWrite fail, to check only that write is rejected.</summary>
public sealed class FailingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public override int Identifier => 9901;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => throw new SerializationException("intentionally not serializable");

    public override object FromBinary(byte[] bytes, Type? type) => throw new SerializationException("intentionally not deserializable");
}
