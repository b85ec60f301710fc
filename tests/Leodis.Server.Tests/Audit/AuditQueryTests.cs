using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Audit;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;
using Leodis.Server.Tests.Security;

namespace Leodis.Server.Tests.Audit;

/// <summary>The privacy officer's queries: who looked at a patient, what a user looked at, the break-glass queue; all audited, none open to other roles.</summary>
public abstract class AuditQueryTests(ServerFixture server) : IDisposable
{
    private readonly AuditClient audit = new(server);

    [Theory]
    [InlineData("dr.patel")]
    [InlineData("analyst.jones")]
    [InlineData("nurse.okafor")]
    [InlineData("pas.integration")]
    public async Task Other_roles_are_refused_and_the_refusal_is_audited(string userName)
    {
        using var client = server.ClientFor(DemoUser.Find(userName)!);
        using var response = await client.GetAsync($"{audit.Root}{AuditEndpoints.Path}?patient=someone");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.IsType<OperationOutcome>(FhirFormat.ParseJson(await response.Content.ReadAsStringAsync()));
        using var queue = await client.GetAsync($"{audit.Root}/security/break-glass");
        Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);

        var refused = (await audit.EventsAsync($"user={userName}&_count=1000"))
            .Where(e => e.Outcome == AuditEvent.AuditEventOutcome.N4 && e.Entity.Any(x => x.Query is { } q && System.Text.Encoding.UTF8.GetString(q).Contains("/audit/events?patient=someone", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(refused);
    }

    [Fact]
    public async Task Who_looked_at_a_patient_lists_each_user_newest_first_in_pages()
    {
        var patient = await AccessFixture.CreateAsync(server.Client, new Patient { Name = [new HumanName { Family = "Looked-at" }] });
        foreach (var user in new[] { "nurse.okafor", "clerk.smith", "analyst.jones" })
        {
            using var client = server.ClientFor(DemoUser.Find(user)!);
            using var response = await client.GetAsync($"Patient/{patient}");
        }

        var events = await audit.EventsAsync($"patient={patient}&_count=2");
        Assert.Equal(["analyst.jones", "clerk.smith", "nurse.okafor", "pas.integration"], events.Select(AuditClient.User));
        Assert.Equal(events.Select(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).OrderDescending(), events.Select(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task What_a_user_looked_at_is_found_by_user_and_the_query_itself_is_audited()
    {
        var patient = await AccessFixture.CreateAsync(server.Client, new Patient { Name = [new HumanName { Family = "By-user" }] });
        using (var analyst = server.ClientFor(DemoUser.Find("analyst.jones")!))
        {
            using var response = await analyst.GetAsync($"Patient?_id={patient}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var byAnalyst = await audit.EventsAsync($"user=analyst.jones&patient={patient}");
        var search = Assert.Single(byAnalyst);
        Assert.Equal("search-type", AuditClient.Subtype(search));
        Assert.Equal([patient], AuditClient.Patients(search));

        var byOfficer = await audit.EventsAsync($"user=privacy.walsh&patient={patient}");
        Assert.Equal("audit-search", AuditClient.Subtype(byOfficer[0]));
        Assert.Equal("HOPERAT", byOfficer[0].PurposeOfEvent[0].Coding[0].Code);
    }

    [Fact]
    public async Task Reading_the_break_glass_queue_is_audited_naming_its_patients()
    {
        var patient = await AccessFixture.CreateAsync(server.Client, new Patient { Name = [new HumanName { Family = "Glass" }] });
        using (var nurse = server.ClientFor(DemoUser.Find("nurse.okafor")!))
        {
            var reason = new Parameters();
            reason.Add("reason", new FhirString("Patient deteriorating on the ward at night"));
            using var broke = await nurse.PostAsync($"Patient/{patient}/$break-glass", FhirClientExtensions.Json(reason));
            Assert.Equal(HttpStatusCode.OK, broke.StatusCode);
        }

        using var privacy = server.ClientFor(DemoUser.Find("privacy.walsh")!);
        using var queue = await privacy.GetAsync($"{audit.Root}/security/break-glass?count=1000");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);

        var events = await audit.EventsAsync($"patient={patient}");
        Assert.Equal("break-glass-queue", AuditClient.Subtype(events[0]));
        Assert.Equal("break-glass", AuditClient.Subtype(events[1]));
        Assert.Equal("ETREAT", events[1].PurposeOfEvent[0].Coding[0].Code);
        Assert.Contains("deteriorating", events[1].Entity.Single(e => e.Query is not null).Description, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        audit.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteAuditQueryTests(SqliteServerFixture server) : AuditQueryTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAuditQueryTests(PostgresServerFixture server) : AuditQueryTests(server), IClassFixture<PostgresServerFixture>;
