using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>POST Patient: a new UK-shaped Patient with a unique identifier every time.</summary>
public sealed class CreateScenario(ScenarioContext context) : ILoadScenario
{
    public const string Operation = "create";

    private readonly Uri address = context.Client.Resolve("Patient");

    public Task SetupAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var body = worker.Patients.Write(worker.Random, context.NextSequence(), context.RunId, null, out _);
        var reply = await context.Client.SendAsync(HttpMethod.Post, address, FhirClient.Json(body), worker.DrainBuffer, false, ct);
        return new RequestOutcome(Operation, reply.Status, 1, reply.Failure);
    }
}
