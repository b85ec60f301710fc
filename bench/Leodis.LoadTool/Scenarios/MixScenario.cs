using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>Reads, creates, updates and searches in the proportions of --mix (default read 60, create 15, update 15, search 10).</summary>
public sealed class MixScenario : ILoadScenario
{
    private readonly (ILoadScenario Scenario, int Weight)[] parts;
    private readonly int totalWeight;

    public MixScenario(ScenarioContext context, PatientPool pool)
    {
        parts = context.Options.Mix
            .Where(p => p.Value > 0)
            .Select(p => (Create(p.Key, context, pool), p.Value))
            .ToArray();
        totalWeight = parts.Sum(p => p.Weight);
        if (totalWeight == 0)
        {
            throw new ArgumentException("--mix needs at least one operation with a weight above zero.");
        }
    }

    public async Task SetupAsync(CancellationToken ct)
    {
        foreach (var (scenario, _) in parts)
        {
            await scenario.SetupAsync(ct);
        }
    }

    public Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var pick = worker.Random.Next(totalWeight);
        foreach (var (scenario, weight) in parts)
        {
            if (pick < weight)
            {
                return scenario.SendAsync(worker, ct);
            }

            pick -= weight;
        }

        throw new InvalidOperationException("Unreachable: the weights add up to the total.");
    }

    private static ILoadScenario Create(string name, ScenarioContext context, PatientPool pool) => name switch
    {
        "read" => new ReadScenario(context, pool),
        "create" => new CreateScenario(context),
        "update" => new UpdateScenario(context, pool),
        "search" => new SearchScenario(context, pool, asOneOperation: true),
        _ => throw new ArgumentException($"--mix names '{name}'; it takes read, create, update and search."),
    };
}
