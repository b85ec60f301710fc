using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Audit;
using Leodis.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Server.Tests.Audit;

/// <summary>The privacy officer's side of the audit trail in tests: its queries over HTTP, and the chain in the store.</summary>
public sealed class AuditClient(ServerFixture server) : IDisposable
{
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
