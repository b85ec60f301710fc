using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Ndjson;

/// <summary>
/// Loads NDJSON through the server's asynchronous $import (FHIR Bulk Data Import): before the clock starts each chunk
/// is written as a file into <c>--import-dir</c>, which must lie under the server's Import:Root; a request is then one
/// whole job: POST $import with Prefer: respond-async, and polling its status URL until the job answers. A job counts
/// as a success when the server reports every resource of its chunk loaded. Run it with a large --chunk and
/// --concurrency 1 to measure the import path rather than the job overhead.
/// </summary>
public sealed class ImportNdjsonLoader(FhirClient client, string importDir) : INdjsonLoader
{
    private const string Operation = "ndjson-import";

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    private (string Path, int Resources)[] files = [];

    public void Prepare(IReadOnlyList<NdjsonChunk> chunks)
    {
        var folder = Path.Combine(Path.GetFullPath(importDir), $"load-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        files = chunks.Select((chunk, i) =>
        {
            var path = Path.Combine(folder, $"chunk-{i:D6}.ndjson");
            File.WriteAllLines(path, chunk.Resources.Select(r => r.Json));
            return (path, chunk.Resources.Count);
        }).ToArray();
        Console.Error.WriteLine($"Wrote {files.Length} chunk files to {folder}; the server's Import:Root must contain it.");
    }

    public async Task<RequestOutcome> LoadAsync(int chunk, WorkerContext worker, CancellationToken ct)
    {
        var (path, resources) = files[chunk];
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            resourceType = "Parameters",
            parameter = new object[]
            {
                new { name = "inputFormat", valueCode = "application/fhir+ndjson" },
                new { name = "input", part = new object[] { new { name = "url", valueUri = new Uri(path).AbsoluteUri } } },
            },
        });
        using var content = FhirClient.Json(body);
        content.Headers.TryAddWithoutValidation("Prefer", "respond-async");
        var start = await client.SendAsync(HttpMethod.Post, client.Resolve("$import"), content, worker.DrainBuffer, true, ct);
        if (start.Status != 202 || start.Location is null)
        {
            return new RequestOutcome(Operation, start.Status, resources, start.Failure);
        }

        var status = client.Resolve(start.Location);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(PollEvery, ct);
            var reply = await client.SendAsync(HttpMethod.Get, status, null, worker.DrainBuffer, false, ct, worker.ResponseBody);
            if (reply.Status == 202)
            {
                continue;
            }

            if (reply.Status != 200)
            {
                return new RequestOutcome(Operation, reply.Status, resources, reply.Failure);
            }

            var loaded = Loaded(worker.ResponseBody.WrittenSpan);
            return loaded == resources
                ? new RequestOutcome(Operation, 200, resources)
                : new RequestOutcome(Operation, 200, (int)loaded, null, resources - (int)loaded);
        }
    }

    /// <summary>The sum of the manifest's output counts.</summary>
    private static long Loaded(ReadOnlySpan<byte> manifest)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(manifest));
        return document.RootElement.GetProperty("output").EnumerateArray().Sum(o => o.GetProperty("count").GetInt64());
    }
}
