using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// GET searches: the queries given with --query, or the built-in mix, picked at random. Each query counts under its own
/// name, or all under "search" with <paramref name="asOneOperation"/> (in the mix). Addresses are built during setup,
/// so a request allocates no URL.
/// </summary>
public sealed class SearchScenario(ScenarioContext context, PatientPool pool, bool asOneOperation = false) : ILoadScenario
{
    private readonly IReadOnlyList<SearchQuery> queries = context.Options.Queries.Count > 0
        ? context.Options.Queries.Select(SearchQuery.From).ToList()
        : SearchQuery.BuiltIn;

    private PreparedQuery[] prepared = [];

    public async Task SetupAsync(CancellationToken ct)
    {
        if (queries.Any(q => q.UsesPatients))
        {
            await pool.FillAsync(ct);
        }

        prepared = queries.Select(q => new PreparedQuery(
            asOneOperation ? "search" : "search:" + q.Name,
            q.UsesPatients
                ? pool.Patients.Select(p => context.Client.Resolve(q.For(p))).ToArray()
                : [context.Client.Resolve(q.Template)])).ToArray();
    }

    public async Task<RequestOutcome?> SendAsync(WorkerContext worker, CancellationToken ct)
    {
        var query = prepared[worker.Random.Next(prepared.Length)];
        var address = query.Addresses[worker.Random.Next(query.Addresses.Length)];
        var reply = await context.Client.SendAsync(HttpMethod.Get, address, null, worker.DrainBuffer, false, ct);
        return new RequestOutcome(query.Operation, reply.Status, 0, reply.Failure);
    }

    private sealed record PreparedQuery(string Operation, Uri[] Addresses);
}
