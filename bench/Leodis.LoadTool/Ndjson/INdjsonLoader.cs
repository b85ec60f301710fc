using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Ndjson;

/// <summary>
/// How NDJSON resources reach the server. Today that is <see cref="BundleNdjsonLoader"/> (batch or transaction
/// bundles through the normal API); when the server has a bulk $import operation, a loader that starts it and polls
/// its status replaces this one without changing the scenario or the report.
/// </summary>
public interface INdjsonLoader
{
    /// <summary>Builds whatever the requests need from the chunks, before the clock starts.</summary>
    void Prepare(IReadOnlyList<NdjsonChunk> chunks);

    /// <summary>Loads one chunk and says how it went; a success counts all of the chunk's resources.</summary>
    Task<RequestOutcome> LoadAsync(int chunk, WorkerContext worker, CancellationToken ct);
}
