using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>GET Patient/{id} of a random Patient created during setup.</summary>
public sealed class ReadScenario(ScenarioContext context, PatientPool pool) : ILoadScenario
{
    public const string Operation = "read";

    public Task SetupAsync(CancellationToken ct) => pool.FillAsync(ct);

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var patient = pool.Pick(worker.Random);
        var reply = await context.Client.SendAsync(HttpMethod.Get, patient.Address, null, worker.DrainBuffer, false, ct);
        return new RequestOutcome(Operation, reply.Status, 1, reply.Failure);
    }
}
