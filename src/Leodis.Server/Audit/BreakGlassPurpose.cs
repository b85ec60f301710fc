using Leodis.Fhir.Access;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Server.Audit;

/// <summary>
/// A look at a patient while the user holds a break-glass grant for them is emergency treatment (ETREAT), not routine
/// care: the privacy officer reviewing the grant must see every view it allowed, not only the moment the glass broke.
/// </summary>
public static class BreakGlassPurpose
{
    public static async Task<AuditFacts> ApplyAsync(IResourceStore store, AccessPolicy? policy, AuditFacts facts, DateTimeOffset now, CancellationToken ct)
    {
        // Roles that see every patient never need the glass; a grant only matters to those who need a relationship.
        if (facts.Emergency || policy is null || policy.AllPatients || facts.Patients.Count == 0)
        {
            return facts;
        }

        var p = new SqlParameters();
        var patients = string.Join(", ", facts.Patients.Select(id => p.Add(id)));
        var sql = $"SELECT 1 FROM break_glass WHERE patient_id IN ({patients}) AND user_name = {p.Add(policy.User)} AND expires > {p.Add(now.UtcTicks)} LIMIT 1";
        await using var session = await store.BeginAsync(write: false, ct);
        return await session.ScalarAsync(new SqlQuery(sql, p.Values), ct) is null ? facts : facts with { Emergency = true };
    }
}
