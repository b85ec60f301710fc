using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>One kind of load: what it prepares before the clock starts, and one request of it.</summary>
public interface ILoadScenario
{
    /// <summary>Prepares what requests need (resources to read, bundles in memory). Not measured.</summary>
    Task SetupAsync(CancellationToken ct);

    /// <summary>Sends one request; null when the scenario has no work left (one pass over a data set done).</summary>
    Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct);
}
