using System.Collections.Concurrent;
using System.Globalization;
using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Access;

/// <summary>
/// The resources that stand for an organisation in relationships: its Organization resources (by ODS code), those that
/// are part of them, and the HealthcareServices they provide. Looked up once a minute per ODS code rather than inside
/// every query, so the gate's SQL stays short; a new service counts as a party within a minute of being written.
/// </summary>
public sealed class AccessParties(TimeProvider clock)
{
    private const string OdsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, Parties Parties)> cache = new(StringComparer.Ordinal);

    /// <summary>The ids of an organisation's Organizations (with their parts) and HealthcareServices.</summary>
    public sealed record Parties(IReadOnlyList<string> Organizations, IReadOnlyList<string> Services)
    {
        public static Parties None { get; } = new([], []);
    }

    public async Task<Parties> ForAsync(string? ods, IStoreSession session, CancellationToken ct)
    {
        if (ods is null)
        {
            return Parties.None;
        }

        var now = clock.GetUtcNow();
        if (cache.TryGetValue(ods, out var cached) && cached.Until > now)
        {
            return cached.Parties;
        }

        var organizations = await IdsAsync(session, "Organization", p =>
            $"x.rid IN (SELECT oi.rid FROM search_token oi WHERE oi.param = {p.Add(SearchParameterDefinition.StableKey("Organization", "identifier"))} " +
            $"AND oi.code = {p.Add(ods)} AND oi.system = {p.Add(OdsSystem)})", ct);
        if (organizations.Count > 0)
        {
            organizations.AddRange(await IdsAsync(session, "Organization", p => Referring(p, "Organization", "partof", organizations), ct));
        }

        var services = organizations.Count == 0
            ? []
            : await IdsAsync(session, "HealthcareService", p => Referring(p, "HealthcareService", "organization", organizations), ct);
        var parties = new Parties(organizations.Distinct(StringComparer.Ordinal).ToList(), services);
        cache[ods] = (now + Lifetime, parties);
        return parties;
    }

    private static string Referring(SqlParameters p, string type, string code, List<string> organizations) =>
        $"x.rid IN (SELECT xr.rid FROM search_reference xr WHERE xr.param = {p.Add(SearchParameterDefinition.StableKey(type, code))} " +
        $"AND xr.target_type = {p.Add("Organization")} AND xr.target_id IN ({string.Join(", ", organizations.Select(o => p.Add(o)))}))";

    private static async Task<List<string>> IdsAsync(IStoreSession session, string type, Func<SqlParameters, string> condition, CancellationToken ct)
    {
        var p = new SqlParameters();
        var sql = $"SELECT x.id FROM resources x WHERE x.resource_type = {p.Add(type)} AND x.is_deleted = {p.Add(false)} AND {condition(p)}";
        var rows = await session.RowsAsync(new SqlQuery(sql, p.Values), ct);
        return rows.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)!).ToList();
    }
}
