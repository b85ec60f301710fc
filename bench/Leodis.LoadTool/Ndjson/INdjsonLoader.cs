using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Ndjson;

/// <summary>
/// How NDJSON resources reach the server: <see cref="BundleNdjsonLoader"/> (batch or transaction bundles through the
/// normal API) or <see cref="ImportNdjsonLoader"/> (the asynchronous $import operation, started and polled).
/// </summary>
public interface INdjsonLoader
{
    /// <summary>Builds whatever the requests need from the chunks, before the clock starts.</summary>
    void Prepare(IReadOnlyList<NdjsonChunk> chunks);

    /// <summary>Loads one chunk and says how it went; a success counts all of the chunk's resources.</summary>
    Task<RequestOutcome> LoadAsync(int chunk, WorkerContext worker, CancellationToken ct);
}
