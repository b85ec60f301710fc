using System.Net;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>Conditional create, update, patch and delete, and conditional references in transactions (http.html).</summary>
public abstract class ConditionalTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Conditional_create_makes_one_resource_and_then_finds_it()
    {
        var marker = Marker();
        var patient = Json(new Patient { Identifier = [new Identifier("urn:test", marker)] });

        var first = await Client.SendAsync(HttpMethod.Post, "Patient", patient, ("If-None-Exist", $"identifier=urn:test|{marker}"));
        var second = await Client.SendAsync(HttpMethod.Post, "Patient", Json(new Patient { Identifier = [new Identifier("urn:test", marker)] }), ("If-None-Exist", $"identifier=urn:test|{marker}"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, (await Count($"Patient?identifier=urn:test|{marker}")));
    }

    [Fact]
    public async Task Conditional_create_with_several_matches_is_412()
    {
        var marker = Marker();
        await Client.PostAsync("Patient", Json(new Patient { Identifier = [new Identifier("urn:test", marker)] }));
        await Client.PostAsync("Patient", Json(new Patient { Identifier = [new Identifier("urn:test", marker)] }));

        var response = await Client.SendAsync(HttpMethod.Post, "Patient", Json(new Patient { Active = true }), ("If-None-Exist", $"identifier=urn:test|{marker}"));

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Conditional_update_creates_then_updates_the_one_match()
    {
        var marker = Marker();
        var url = $"Patient?identifier=urn:test|{marker}";

        var created = await Client.PutAsync(url, Json(new Patient { Identifier = [new Identifier("urn:test", marker)], Active = false }));
        var updated = await Client.PutAsync(url, Json(new Patient { Identifier = [new Identifier("urn:test", marker)], Active = true }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var patient = await updated.ReadResourceAsync<Patient>();
        Assert.Equal((await created.ReadResourceAsync<Patient>()).Id, patient.Id);
        Assert.Equal("2", patient.Meta.VersionId);
        Assert.True(patient.Active);
    }

    [Fact]
    public async Task Conditional_delete_removes_the_match_and_refuses_several()
    {
        var marker = Marker();
        var one = await (await Client.PostAsync("Patient", Json(new Patient { Identifier = [new Identifier("urn:test", marker)] }))).ReadResourceAsync<Patient>();
        var other = Marker();
        await Client.PostAsync("Patient", Json(new Patient { Identifier = [new Identifier("urn:test", other)] }));
        await Client.PostAsync("Patient", Json(new Patient { Identifier = [new Identifier("urn:test", other)] }));

        var deleted = await Client.DeleteAsync($"Patient?identifier=urn:test|{marker}");
        var several = await Client.DeleteAsync($"Patient?identifier=urn:test|{other}");
        var none = await Client.DeleteAsync($"Patient?identifier=urn:test|{Marker()}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await Client.GetAsync($"Patient/{one.Id}")).StatusCode);
        await ErrorTests.OutcomeAsync(several, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
    }

    [Fact]
    public async Task Conditional_patch_patches_the_one_match()
    {
        var marker = Marker();
        await Client.PostAsync("Patient", Json(new Patient { Identifier = [new Identifier("urn:test", marker)] }));

        var response = await Client.PatchAsync($"Patient?identifier=urn:test|{marker}", Json("""[{"op":"add","path":"/active","value":true}]""", "application/json-patch+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadResourceAsync<Patient>()).Active);
    }

    [Fact]
    public async Task A_transaction_with_if_none_exist_and_conditional_references_loads_twice_without_duplicates()
    {
        var marker = Marker();
        Bundle Transaction() => new()
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new()
                {
                    FullUrl = "urn:uuid:" + Guid.NewGuid(),
                    Resource = new Patient { Identifier = [new Identifier("urn:test", marker)] },
                    Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Patient", IfNoneExist = $"identifier=urn:test|{marker}" },
                },
                new()
                {
                    Resource = new Observation
                    {
                        Status = ObservationStatus.Final,
                        Code = new CodeableConcept("http://loinc.org", "8867-4"),
                        Subject = new ResourceReference($"Patient?identifier=urn:test|{marker}"),
                    },
                    Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
                },
            ],
        };

        // The first load creates the patient inside the same transaction; a conditional reference sees it.
        var first = await (await Client.PostAsync(string.Empty, Json(Transaction()))).ReadResourceAsync<Bundle>();
        var second = await (await Client.PostAsync(string.Empty, Json(Transaction()))).ReadResourceAsync<Bundle>();

        Assert.Equal(["201 Created", "201 Created"], first.Entry.Select(e => e.Response.Status));
        Assert.Equal(["200 OK", "201 Created"], second.Entry.Select(e => e.Response.Status));
        var patientId = first.Entry[0].Resource.Id;
        Assert.Equal($"Patient/{patientId}", ((Observation)second.Entry[1].Resource).Subject.Reference);
        Assert.Equal(1, await Count($"Patient?identifier=urn:test|{marker}"));
    }

    [Fact]
    public async Task A_conditional_reference_that_matches_nothing_fails_the_transaction()
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new()
                {
                    Resource = new Observation
                    {
                        Status = ObservationStatus.Final,
                        Code = new CodeableConcept("http://loinc.org", "8867-4"),
                        Subject = new ResourceReference($"Patient?identifier=urn:test|{Marker()}"),
                    },
                    Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
                },
            ],
        };

        await ErrorTests.OutcomeAsync(await Client.PostAsync(string.Empty, Json(bundle)), HttpStatusCode.BadRequest);
    }

    private async Task<long?> Count(string query) =>
        (await (await Client.GetAsync(query + "&_summary=count")).ReadResourceAsync<Bundle>()).Total;

    private static string Marker() => Guid.NewGuid().ToString("N")[..12];
}

public sealed class SqliteConditionalTests(SqliteServerFixture server) : ConditionalTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresConditionalTests(PostgresServerFixture server) : ConditionalTests(server), IClassFixture<PostgresServerFixture>;
