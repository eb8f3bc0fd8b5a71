using Akka.Actor;

namespace AkkaKv.Persistence;

/// <summary>A payload as stored: which Akka serializer wrote it, its manifest, and its bytes.</summary>
internal readonly record struct SerializedPayload(int SerializerId, string Manifest, byte[] Bytes);

/// <summary>
/// Serializes payloads with whatever serializer Akka is configured to bind to their type, so the plugin
/// never hard-codes message types; the serializer id + manifest stored beside the bytes is what brings them back.
/// </summary>
internal sealed class PayloadSerializer(ExtendedActorSystem system)
{
    public SerializedPayload Serialize(object payload)
    {
        var serializer = system.Serialization.FindSerializerFor(payload);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, payload);
        // WithTransport lets serializers that embed IActorRefs write full paths, as Akka.Persistence.Sql does.
        var bytes = Akka.Serialization.Serialization.WithTransport(system, (serializer, payload), s => s.serializer.ToBinary(s.payload));
        return new SerializedPayload(serializer.Identifier, manifest, bytes);
    }

    public object Deserialize(SerializedPayload payload) =>
        system.Serialization.Deserialize(payload.Bytes, payload.SerializerId, payload.Manifest);
}
