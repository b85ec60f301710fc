using System.Buffers;
using System.Text.Json;
using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Ndjson;

/// <summary>
/// Loads NDJSON as batch or transaction bundles of PUT entries, so resources keep their ids as a bulk import would
/// (a resource without an id is a POST). Bundles are built before the clock starts; a second pass over the same data
/// updates what the first created.
/// </summary>
public sealed class BundleNdjsonLoader(FhirClient client, string bundleType) : INdjsonLoader
{
    private readonly string operation = "ndjson-" + bundleType;
    private (byte[] Body, int Resources)[] bundles = [];

    public void Prepare(IReadOnlyList<NdjsonChunk> chunks) =>
        bundles = chunks.Select(c => (Build(c, bundleType), c.Resources.Count)).ToArray();

    public Task<RequestOutcome> LoadAsync(int chunk, WorkerContext worker, CancellationToken ct)
    {
        var (body, resources) = bundles[chunk];
        return BundlePoster.PostAsync(client, operation, body, bundleType == "batch", resources, worker, ct);
    }

    private static byte[] Build(NdjsonChunk chunk, string bundleType)
    {
        var buffer = new ArrayBufferWriter<byte>(chunk.Resources.Sum(r => r.Json.Length) + chunk.Resources.Count * 128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "Bundle");
            json.WriteString("type", bundleType);
            json.WriteStartArray("entry");
            foreach (var resource in chunk.Resources)
            {
                json.WriteStartObject();
                json.WritePropertyName("resource");
                json.WriteRawValue(resource.Json, skipInputValidation: true);
                json.WriteStartObject("request");
                json.WriteString("method", resource.Id is null ? "POST" : "PUT");
                json.WriteString("url", resource.Id is null ? resource.ResourceType : $"{resource.ResourceType}/{resource.Id}");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
