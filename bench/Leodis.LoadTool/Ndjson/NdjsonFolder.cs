using System.Text.Json;

namespace Leodis.LoadTool.Ndjson;

/// <summary>
/// Reads the Bulk Data files of a folder (Type.ndjson or Type.000.ndjson) into chunks. Lines that are not resources,
/// such as an export's log.ndjson, are skipped and counted.
/// </summary>
public static class NdjsonFolder
{
    public static async Task<(List<NdjsonChunk> Chunks, int Skipped)> ReadAsync(string folder, int chunkSize, CancellationToken ct)
    {
        var chunks = new List<NdjsonChunk>();
        var skipped = 0;
        foreach (var file in Directory.GetFiles(folder, "*.ndjson").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var current = new List<NdjsonResource>(chunkSize);
            await foreach (var line in File.ReadLinesAsync(file, ct))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (Describe(line) is not { } resource)
                {
                    skipped++;
                    continue;
                }

                current.Add(resource);
                if (current.Count == chunkSize)
                {
                    chunks.Add(new NdjsonChunk(name, current));
                    current = new List<NdjsonResource>(chunkSize);
                }
            }

            if (current.Count > 0)
            {
                chunks.Add(new NdjsonChunk(name, current));
            }
        }

        return (chunks, skipped);
    }

    private static NdjsonResource? Describe(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("resourceType", out var type) || type.GetString() is not { Length: > 0 } resourceType)
            {
                return null;
            }

            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            return new NdjsonResource(resourceType, id, line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
