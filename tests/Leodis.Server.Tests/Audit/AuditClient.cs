using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Storage;
using Leodis.Server.Audit;
using Leodis.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Server.Tests.Audit;

/// <summary>The privacy officer's side of the audit trail in tests: its queries over HTTP, and the chain in the store.</summary>
public sealed class AuditClient(ServerFixture server) : IDisposable
{
    private static readonly string[] AuditTables = ["audit_events", "audit_patients"];

    private readonly HttpClient privacy = server.ClientFor(DemoUser.Find("privacy.walsh")!);

    public string Root => server.BaseUrl[..^"/fhir".Length];

    public AuditTrail Trail => server.Services.GetRequiredService<AuditTrail>();

    /// <summary>Every AuditEvent a query finds, newest first, following next links.</summary>
    public async Task<List<AuditEvent>> EventsAsync(string query, HttpClient? client = null)
    {
        var events = new List<AuditEvent>();
        var url = $"{Root}{AuditEndpoints.Path}?{query}";
        while (url is not null)
        {
            using var response = await (client ?? privacy).GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            var bundle = (Bundle)FhirFormat.ParseJson(body);
            events.AddRange(bundle.Entry.Select(e => (AuditEvent)e.Resource));
            url = bundle.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        return events;
    }

    public Task<AuditVerification> VerifyAsync() => AuditChain.VerifyAsync(Trail.Store, CancellationToken.None);

    /// <summary>Runs SQL against the store the trail is in, as someone with database access could.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var session = await Trail.Store.BeginAsync(write: true, CancellationToken.None);
        var changed = await session.ExecuteAsync(new Leodis.Fhir.Storage.SqlQuery(sql, parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList()), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return changed;
    }

    /// <summary>
    /// Runs SQL as a database owner could: with the audit tables' append-only triggers set aside for that one
    /// transaction (disabled on PostgreSQL, dropped and made again on SQLite), so only the hash chain stands guard.
    /// </summary>
    public async Task<int> TamperAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        static SqlQuery Sql(string text) => new(text, []);
        await using var session = await Trail.Store.BeginAsync(write: true, CancellationToken.None);
        var postgres = Trail.Store is Leodis.Fhir.Storage.Postgres.PostgresResourceStore;
        var triggers = postgres
            ? []
            : (await session.RowsAsync(Sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_events', 'audit_patients')"), CancellationToken.None))
                .Select(row => ((string)row[0]!, (string)row[1]!)).ToList();
        Assert.True(postgres || triggers.Count == 4, $"{triggers.Count} append-only triggers on SQLite");
        foreach (var table in (postgres ? AuditTables : []))
        {
            await session.ExecuteAsync(Sql($"ALTER TABLE {table} DISABLE TRIGGER USER"), CancellationToken.None);
        }

        foreach (var (name, _) in triggers)
        {
            await session.ExecuteAsync(Sql($"DROP TRIGGER {name}"), CancellationToken.None);
        }

        var changed = await session.ExecuteAsync(new SqlQuery(sql, parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList()), CancellationToken.None);
        foreach (var (_, create) in triggers)
        {
            await session.ExecuteAsync(Sql(create), CancellationToken.None);
        }

        foreach (var table in (postgres ? AuditTables : []))
        {
            await session.ExecuteAsync(Sql($"ALTER TABLE {table} ENABLE TRIGGER USER"), CancellationToken.None);
        }

        await session.CommitAsync(CancellationToken.None);
        return changed;
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var session = await Trail.Store.BeginAsync(write: false, CancellationToken.None);
        return await session.ScalarAsync(new Leodis.Fhir.Storage.SqlQuery(sql, parameters.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList()), CancellationToken.None);
    }

    public static IEnumerable<string> Patients(AuditEvent audit) =>
        audit.Entity.Where(e => e.Role?.Code == "1").Select(e => e.What.Reference!["Patient/".Length..]);

    public static string Subtype(AuditEvent audit) => audit.Subtype[0].Code!;

    public static string User(AuditEvent audit) => audit.Agent.Single(a => a.Requestor == true).Who.Identifier.Value!;

    public void Dispose() => privacy.Dispose();
}
