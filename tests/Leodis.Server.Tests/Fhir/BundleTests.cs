using System.Net;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>Batch and transaction semantics (http.html#transaction) with bundles written here; real bundles are in RealData.</summary>
public abstract class BundleTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task A_transaction_resolves_urn_uuid_references_and_answers_in_request_order()
    {
        var patientUrn = "urn:uuid:" + Guid.NewGuid();
        var bundle = Transaction(
            Entry(Bundle.HTTPVerb.POST, "Observation", new Observation
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", "8867-4"),
                Subject = new ResourceReference(patientUrn),
            }),
            Entry(Bundle.HTTPVerb.POST, "Patient", new Patient { Active = true }, patientUrn));

        var response = await Client.PostAsync(string.Empty, Json(bundle));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadResourceAsync<Bundle>();
        Assert.Equal(Bundle.BundleType.TransactionResponse, result.Type);
        Assert.All(result.Entry, e => Assert.Equal("201 Created", e.Response.Status));
        var observation = (Observation)result.Entry[0].Resource;
        var patient = (Patient)result.Entry[1].Resource;
        Assert.Equal($"Patient/{patient.Id}", observation.Subject.Reference);
        Assert.StartsWith("Patient/", result.Entry[1].Response.Location);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(observation.Subject.Reference)).StatusCode);
    }

    [Fact]
    public async Task A_failing_entry_fails_the_whole_transaction_and_leaves_nothing()
    {
        var id = "tx-" + Guid.NewGuid().ToString("N")[..20];
        var existing = await Client.CreatePatientAsync();
        var bundle = Transaction(
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{id}", new Patient { Id = id, Active = true }),
            Entry(Bundle.HTTPVerb.DELETE, $"Patient/{existing.Id}", null),
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{existing.Id}x", new Patient { Id = "mismatch", Active = true }));

        var response = await Client.PostAsync(string.Empty, Json(bundle));

        var outcome = await ErrorTests.OutcomeAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Bundle.entry[2]", outcome.Issue[0].Diagnostics);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"Patient/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"Patient/{existing.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_stale_if_match_inside_a_transaction_is_412_for_the_whole()
    {
        var patient = await Client.CreatePatientAsync();
        var bundle = Transaction(Entry(Bundle.HTTPVerb.PUT, $"Patient/{patient.Id}", patient));
        bundle.Entry[0].Request.IfMatch = "W/\"7\"";

        var response = await Client.PostAsync(string.Empty, Json(bundle));

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Reads_in_a_transaction_see_its_writes()
    {
        var id = "tx-" + Guid.NewGuid().ToString("N")[..20];
        var bundle = Transaction(
            Entry(Bundle.HTTPVerb.GET, $"Patient/{id}", null),
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{id}", new Patient { Id = id, Active = true }));

        var result = await (await Client.PostAsync(string.Empty, Json(bundle))).ReadResourceAsync<Bundle>();

        Assert.Equal("200 OK", result.Entry[0].Response.Status);
        Assert.Equal(id, result.Entry[0].Resource.Id);
        Assert.Equal("201 Created", result.Entry[1].Response.Status);
    }

    [Fact]
    public async Task Batch_entries_succeed_or_fail_on_their_own()
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Batch,
            Entry =
            [
                Entry(Bundle.HTTPVerb.POST, "Patient", new Patient { Active = true }),
                Entry(Bundle.HTTPVerb.GET, $"Patient/{Guid.NewGuid()}", null),
                Entry(Bundle.HTTPVerb.POST, "Observation", new Patient { Active = true }),
            ],
        };

        var response = await Client.PostAsync(string.Empty, Json(bundle));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadResourceAsync<Bundle>();
        Assert.Equal(Bundle.BundleType.BatchResponse, result.Type);
        Assert.Equal(["201 Created", "404 NotFound", "400 BadRequest"], result.Entry.Select(e => e.Response.Status));
        Assert.IsType<OperationOutcome>(result.Entry[1].Response.Outcome);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(result.Entry[0].Response.Location)).StatusCode);
    }

    [Fact]
    public async Task A_bundle_that_is_not_batch_or_transaction_is_400()
    {
        var response = await Client.PostAsync(string.Empty, Json(new Bundle { Type = Bundle.BundleType.Collection }));

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_reference_to_an_entry_that_is_not_in_the_transaction_is_400()
    {
        var bundle = Transaction(Entry(Bundle.HTTPVerb.POST, "Observation", new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "8867-4"),
            Subject = new ResourceReference("urn:uuid:" + Guid.NewGuid()),
        }));

        var response = await Client.PostAsync(string.Empty, Json(bundle));

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    private static Bundle Transaction(params Bundle.EntryComponent[] entries) =>
        new() { Type = Bundle.BundleType.Transaction, Entry = [.. entries] };

    private static Bundle.EntryComponent Entry(Bundle.HTTPVerb method, string url, Resource? resource, string? fullUrl = null) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = method, Url = url },
    };
}

public sealed class SqliteBundleTests(SqliteServerFixture server) : BundleTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresBundleTests(PostgresServerFixture server) : BundleTests(server), IClassFixture<PostgresServerFixture>;
