using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>PUT Patient/{id} of a random Patient created during setup, with new content and no If-Match.</summary>
public sealed class UpdateScenario(ScenarioContext context, PatientPool pool) : ILoadScenario
{
    public const string Operation = "update";

    public Task SetupAsync(CancellationToken ct) => pool.FillAsync(ct);

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var patient = pool.Pick(worker.Random);
        var body = worker.Patients.Write(worker.Random, context.NextSequence(), context.RunId, patient.Id, out _);
        var reply = await context.Client.SendAsync(HttpMethod.Put, patient.Address, FhirClient.Json(body), worker.DrainBuffer, false, ct);
        return new RequestOutcome(Operation, reply.Status, 1, reply.Failure);
    }
}
