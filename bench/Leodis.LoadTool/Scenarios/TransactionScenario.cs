using System.Text.Json;
using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// POSTs the batch or transaction bundles of a folder (such as the Synthea patients) to the base, one after another and
/// round again, counting each bundle's entries as resources. With --passes N it stops after N rounds.
/// </summary>
public sealed class TransactionScenario(ScenarioContext context) : ILoadScenario
{
    private LoadedBundle[] bundles = [];
    private long next = -1;
    private long limit = long.MaxValue;

    public async Task SetupAsync(CancellationToken ct)
    {
        var folder = context.Options.BundlesFolder
            ?? throw new ArgumentException("The transaction scenario needs --bundles FOLDER (for example ../shared/data/synthea/bundles).");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        var loaded = new List<LoadedBundle>(files.Length);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, ct);
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.TryGetProperty("resourceType", out var type) && type.GetString() == "Bundle" &&
                root.TryGetProperty("type", out var bundleType) && bundleType.GetString() is "transaction" or "batch" &&
                root.TryGetProperty("entry", out var entries))
            {
                loaded.Add(new LoadedBundle(Path.GetFileName(file), bundleType.GetString()!, bytes, entries.GetArrayLength()));
            }
        }

        bundles = loaded.Count > 0
            ? [.. loaded]
            : throw new ArgumentException($"No batch or transaction bundle (*.json) in {folder}.");
        if (context.Options.Passes > 0)
        {
            limit = (long)context.Options.Passes * bundles.Length;
        }

        Console.Error.WriteLine($"Loaded {bundles.Length} bundles, {bundles.Sum(b => b.Entries)} entries, " +
            $"{bundles.Sum(b => (long)b.Body.Length) / 1024 / 1024} MiB.");
    }

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var index = Interlocked.Increment(ref next);
        if (index >= limit)
        {
            return null;
        }

        var bundle = bundles[index % bundles.Length];
        return await BundlePoster.PostAsync(context.Client, bundle.Type, bundle.Body, bundle.Type == "batch", bundle.Entries, worker, ct);
    }

    private sealed record LoadedBundle(string File, string Type, byte[] Body, int Entries);
}
