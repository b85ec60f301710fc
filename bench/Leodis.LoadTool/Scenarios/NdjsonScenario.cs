using Leodis.LoadTool.Measurement;
using Leodis.LoadTool.Ndjson;

namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// Bulk load of a folder of Type.ndjson files in chunks of --chunk resources, through an <see cref="INdjsonLoader"/>.
/// One pass over the data by default (--passes); throughput is reported in resources per second.
/// </summary>
public sealed class NdjsonScenario(ScenarioContext context, INdjsonLoader loader) : ILoadScenario
{
    private int chunks;
    private long next = -1;
    private long limit;

    public async Task SetupAsync(CancellationToken ct)
    {
        var options = context.Options;
        var folder = options.NdjsonFolder
            ?? throw new ArgumentException("The ndjson scenario needs --ndjson FOLDER (for example ../shared/data/synthea/bulk-ndjson/1000-patients-partial).");
        var (read, skipped) = await NdjsonFolder.ReadAsync(folder, options.ChunkSize, ct);
        if (read.Count == 0)
        {
            throw new ArgumentException($"No FHIR resources in the *.ndjson files of {folder}.");
        }

        loader.Prepare(read);
        chunks = read.Count;
        limit = options.Passes > 0 ? (long)options.Passes * chunks : long.MaxValue;
        Console.Error.WriteLine($"Read {read.Sum(c => c.Resources.Count)} resources in {chunks} chunks of up to {options.ChunkSize}" +
            (skipped > 0 ? $"; skipped {skipped} lines that are not resources." : "."));
    }

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var index = Interlocked.Increment(ref next);
        return index >= limit ? null : await loader.LoadAsync((int)(index % chunks), worker, ct);
    }
}
