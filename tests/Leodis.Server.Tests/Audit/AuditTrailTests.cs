using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Audit;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;
using Leodis.Server.Tests.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Tests.Audit;

/// <summary>
/// The audit trail over HTTP: one AuditEvent per request that touched a patient, naming them, with the outcome, whether
/// the request succeeded or was refused; a hash chain that verifies, and fails at an edited row; one chain under
/// concurrent requests and under two writers (two server processes) on one store.
/// </summary>
public abstract class AuditTrailTests(ServerFixture server) : IDisposable
{
    private readonly AuditClient audit = new(server);

    [Fact]
    public async Task Every_request_that_touched_a_patient_has_exactly_one_AuditEvent_naming_them()
    {
        var system = server.Client;
        using var clinician = server.ClientFor(DemoUser.Find("dr.patel")!);
        var expected = new List<(string Subtype, string User, AuditEvent.AuditEventOutcome Outcome, string Purpose)>();
        var glassBroken = false;
        const string Pas = "pas.integration", Patel = "dr.patel";
        async Task<HttpResponseMessage> Step(HttpClient client, string user, string subtype, HttpStatusCode status, Func<HttpClient, Task<HttpResponseMessage>> send)
        {
            var response = await send(client);
            Assert.True(status == response.StatusCode, $"{subtype}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            glassBroken |= subtype == "break-glass";

            // After the glass is broken, the clinician's looks at the patient are emergency treatment, not routine care.
            var purpose = user != Patel ? "HOPERAT" : glassBroken ? "ETREAT" : "TREAT";
            expected.Add((subtype, user, (int)status < 400 ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4, purpose));
            return response;
        }

        var created = await Step(system, Pas, "create", HttpStatusCode.Created, c => c.PostAsync("Patient", FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "Audited" }] })));
        var patient = FhirFormat.ParseJson(await created.Content.ReadAsStringAsync()).Id!;
        await Step(system, Pas, "read", HttpStatusCode.OK, c => c.GetAsync($"Patient/{patient}"));
        await Step(system, Pas, "vread", HttpStatusCode.OK, c => c.GetAsync($"Patient/{patient}/_history/1"));
        var observation = FhirFormat.ParseJson(await (await Step(system, Pas, "create", HttpStatusCode.Created,
            c => c.PostAsync("Observation", FhirClientExtensions.Json(AccessFixture.Vital(patient, sensitive: false))))).Content.ReadAsStringAsync()).Id!;
        await Step(system, Pas, "search-type", HttpStatusCode.OK, c => c.GetAsync($"Observation?subject=Patient/{patient}"));
        await Step(system, Pas, "search-type", HttpStatusCode.OK, c => c.GetAsync($"Observation?_id={observation}"));
        var changed = AccessFixture.Vital(patient, sensitive: false);
        changed.Id = observation;
        await Step(system, Pas, "update", HttpStatusCode.OK, c => c.PutAsync($"Observation/{observation}", FhirClientExtensions.Json(changed)));
        await Step(system, Pas, "history-instance", HttpStatusCode.OK, c => c.GetAsync($"Observation/{observation}/_history"));
        await Step(system, Pas, "operation", HttpStatusCode.OK, c => c.GetAsync($"Patient/{patient}/$everything"));
        await Step(clinician, Patel, "read", HttpStatusCode.NotFound, c => c.GetAsync($"Observation/{observation}"));
        await Step(clinician, Patel, "search-type", HttpStatusCode.OK, c => c.GetAsync($"Observation?subject=Patient/{patient}"));
        var reason = new Parameters();
        reason.Add("reason", new FhirString("Collapsed in clinic, history needed now"));
        await Step(clinician, Patel, "break-glass", HttpStatusCode.OK, c => c.PostAsync($"Patient/{patient}/$break-glass", FhirClientExtensions.Json(reason)));
        await Step(clinician, Patel, "read", HttpStatusCode.OK, c => c.GetAsync($"Observation/{observation}"));
        await Step(system, Pas, "delete", HttpStatusCode.NoContent, c => c.DeleteAsync($"Observation/{observation}"));
        await Step(system, Pas, "read", HttpStatusCode.Gone, c => c.GetAsync($"Observation/{observation}"));
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        transaction.Entry.Add(new Bundle.EntryComponent
        {
            Resource = AccessFixture.Vital(patient, sensitive: false),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
        });
        await Step(system, Pas, "transaction", HttpStatusCode.OK, c => c.PostAsync(string.Empty, FhirClientExtensions.Json(transaction)));

        var events = await audit.EventsAsync($"patient={patient}&_count=5");
        events.Reverse();
        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (subtype, user, outcome, expectedPurpose) = expected[i];
            var found = events[i];
            Assert.True(subtype == AuditClient.Subtype(found), $"event {i}: expected {subtype}, got {AuditClient.Subtype(found)}");
            Assert.Equal(user, AuditClient.User(found));
            Assert.Equal(outcome, found.Outcome);
            Assert.Equal([patient], AuditClient.Patients(found));
            Assert.Equal(AuditEvent.AuditEventAction.E == found.Action, subtype is "search-type" or "operation" or "transaction" or "break-glass");
            var purpose = found.PurposeOfEvent.Single().Coding.Single().Code;
            Assert.Equal(expectedPurpose, purpose);
        }

        // The query just made is itself audited, once per page, and names the patient it asked about.
        var pages = (expected.Count + 4) / 5;
        var again = await audit.EventsAsync($"patient={patient}&_count=1000");
        Assert.Equal(expected.Count + pages, again.Count);
        Assert.All(again.Take(pages), e => Assert.Equal(("audit-search", "privacy.walsh"), (AuditClient.Subtype(e), AuditClient.User(e))));
        Assert.True((await audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_chain_verifies_and_an_edited_row_breaks_it_at_that_row()
    {
        var patient = FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "Tampered" }] });
        using var created = await server.Client.PostAsync("Patient", patient);
        var id = FhirFormat.ParseJson(await created.Content.ReadAsStringAsync()).Id!;
        using var read = await server.Client.GetAsync($"Patient/{id}");
        var seq = Convert.ToInt64(await audit.ScalarAsync("SELECT max(seq) FROM audit_patients WHERE patient_id = @p", ("p", id)), CultureInfo.InvariantCulture);
        Assert.True((await audit.VerifyAsync()).Intact);

        var user = (string)(await audit.ScalarAsync("SELECT user_name FROM audit_events WHERE seq = @s", ("s", seq)))!;
        await audit.TamperAsync("UPDATE audit_events SET user_name = 'someone.else' WHERE seq = @s", ("s", seq));
        var broken = await audit.VerifyAsync();
        Assert.False(broken.Intact);
        Assert.Equal(seq, broken.BrokenAt);
        await audit.TamperAsync("UPDATE audit_events SET user_name = @u WHERE seq = @s", ("u", user), ("s", seq));
        Assert.True((await audit.VerifyAsync()).Intact);

        // Hiding the row from "who looked at this patient" is caught too.
        await audit.TamperAsync("DELETE FROM audit_patients WHERE seq = @s", ("s", seq));
        Assert.Equal(seq, (await audit.VerifyAsync()).BrokenAt);
        await audit.ExecuteAsync("INSERT INTO audit_patients (patient_id, seq) VALUES (@p, @s)", ("p", id), ("s", seq));
        Assert.True((await audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Concurrent_requests_keep_one_chain_with_one_event_each()
    {
        using var created = await server.Client.PostAsync("Patient", FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "Busy" }] }));
        var id = FhirFormat.ParseJson(await created.Content.ReadAsStringAsync()).Id!;
        const int Workers = 8, Reads = 25;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Reads; i++)
            {
                using var response = await server.Client.GetAsync(i % 2 == 0 ? $"Patient/{id}" : $"Observation?subject=Patient/{id}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })));

        var events = await audit.EventsAsync($"patient={id}&_count=1000");
        Assert.Equal(1 + (Workers * Reads), events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        var verification = await audit.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task Two_writers_on_one_store_keep_one_chain_that_verifies()
    {
        // A second trail on the same store stands for a second server process: each keeps its own chain head in memory.
        await using var other = new AuditTrail(audit.Trail.Store, Options.Create(new AuditOptions()), NullLogger<AuditTrail>.Instance);
        var patient = $"two-writers-{Guid.NewGuid():N}";
        var first = await audit.Trail.AppendAsync(Record(patient), CancellationToken.None);
        var second = await other.AppendAsync(Record(patient), CancellationToken.None);

        // This trail's head is now stale: its next row must follow the other writer's, not fork the chain.
        var third = await audit.Trail.AppendAsync(Record(patient), CancellationToken.None);
        Assert.True(first < second && second < third, $"{first}, {second}, {third}");
        var seqs = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? audit.Trail : other).AppendAsync(Record(patient), CancellationToken.None)));
        Assert.Equal(40, seqs.Distinct().Count());
        Assert.Equal(43L, Convert.ToInt64(await audit.ScalarAsync("SELECT count(*) FROM audit_patients WHERE patient_id = @p", ("p", patient)), CultureInfo.InvariantCulture));
        var verification = await audit.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task An_edited_last_row_breaks_the_chain_even_though_the_writer_remembers_its_hash()
    {
        var patient = $"edited-head-{Guid.NewGuid():N}";
        var seq = await audit.Trail.AppendAsync(Record(patient), CancellationToken.None);
        var user = (string)(await audit.ScalarAsync("SELECT user_name FROM audit_events WHERE seq = @s", ("s", seq)))!;
        await audit.TamperAsync("UPDATE audit_events SET user_name = 'someone.else' WHERE seq = @s", ("s", seq));
        await audit.Trail.AppendAsync(Record(patient), CancellationToken.None);

        var broken = await audit.VerifyAsync();
        Assert.False(broken.Intact);
        Assert.Equal(seq, broken.BrokenAt);
        await audit.TamperAsync("UPDATE audit_events SET user_name = @u WHERE seq = @s", ("u", user), ("s", seq));
        Assert.True((await audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_remove_an_audit_row()
    {
        var patient = $"append-only-{Guid.NewGuid():N}";
        var seq = await audit.Trail.AppendAsync(Record(patient), CancellationToken.None);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => audit.ExecuteAsync("UPDATE audit_events SET user_name = 'someone.else' WHERE seq = @s", ("s", seq)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => audit.ExecuteAsync("DELETE FROM audit_events WHERE seq = @s", ("s", seq)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => audit.ExecuteAsync("UPDATE audit_patients SET patient_id = 'someone' WHERE seq = @s", ("s", seq)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => audit.ExecuteAsync("DELETE FROM audit_patients WHERE seq = @s", ("s", seq)));

        Assert.Equal("test.writer", await audit.ScalarAsync("SELECT user_name FROM audit_events WHERE seq = @s", ("s", seq)));
        Assert.Equal(1L, Convert.ToInt64(await audit.ScalarAsync("SELECT count(*) FROM audit_patients WHERE seq = @s", ("s", seq)), CultureInfo.InvariantCulture));
        Assert.True((await audit.VerifyAsync()).Intact);
    }

    private static AuditRecord Record(string patient) =>
        new(DateTimeOffset.UtcNow, "test.writer", "read", 0, [patient], """{"resourceType":"AuditEvent"}""");

    public void Dispose()
    {
        audit.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteAuditTrailTests(SqliteServerFixture server) : AuditTrailTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAuditTrailTests(PostgresServerFixture server) : AuditTrailTests(server), IClassFixture<PostgresServerFixture>;
