using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;

namespace Leodis.Server.Tests.Fhir;

/// <summary>Writers racing on one resource over HTTP: versions stay gapless and unique, and If-Match lets one writer win.</summary>
public abstract class ConcurrencyTests(ServerFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Concurrent_updates_with_the_same_If_Match_let_exactly_one_writer_win()
    {
        var created = await Client.CreatePatientAsync("Race");
        var id = created.Id;

        var responses = await RaceAsync(16, writer =>
            Client.SendAsync(HttpMethod.Put, $"Patient/{id}", Body(id, writer), ("If-Match", "W/\"1\"")));

        Assert.Equal([200, .. Enumerable.Repeat(412, 15)], Statuses(responses));
        Assert.All(
            responses.Where(r => r.Response.StatusCode == HttpStatusCode.PreconditionFailed),
            r => Assert.IsType<OperationOutcome>(FhirFormat.ParseStored(r.Body)));

        var winner = responses.Single(r => r.Response.StatusCode == HttpStatusCode.OK);
        var current = await ReadAsync(id);
        Assert.Equal("2", current.Meta.VersionId);
        Assert.Equal(Family(winner.Writer), current.Name[0].Family);
        Assert.Equal(2, (await HistoryAsync(id)).Count);
    }

    [Fact]
    public async Task Concurrent_unconditional_updates_each_get_a_version_of_their_own()
    {
        var created = await Client.CreatePatientAsync("Race");
        var id = created.Id;

        var responses = await RaceAsync(24, writer => Client.SendAsync(HttpMethod.Put, $"Patient/{id}", Body(id, writer)));

        Assert.Equal(Enumerable.Repeat(200, 24), Statuses(responses));
        var versionByWriter = responses.ToDictionary(r => r.Writer, r => VersionOf(r.Body));
        Assert.Equal(Enumerable.Range(2, 24), versionByWriter.Values.Order());

        var history = await HistoryAsync(id);
        Assert.Equal(Enumerable.Range(1, 25), history.Select(p => VersionOf(p)).Order());
        foreach (var (writer, version) in versionByWriter)
        {
            // Each writer's body is the content of the version it was told it made.
            Assert.Equal(Family(writer), history.Single(p => VersionOf(p) == version).Name[0].Family);
        }

        var current = await ReadAsync(id);
        Assert.Equal("25", current.Meta.VersionId);
        Assert.Equal(Family(versionByWriter.Single(w => w.Value == 25).Key), current.Name[0].Family);
    }

    [Fact]
    public async Task Concurrent_update_as_create_of_a_new_id_creates_it_once()
    {
        var id = Guid.NewGuid().ToString();

        var responses = await RaceAsync(8, writer => Client.SendAsync(HttpMethod.Put, $"Patient/{id}", Body(id, writer)));

        Assert.Equal([200, 200, 200, 200, 200, 200, 200, 201], Statuses(responses));
        Assert.Equal(1, VersionOf(responses.Single(r => r.Response.StatusCode == HttpStatusCode.Created).Body));
        Assert.Equal(Enumerable.Range(1, 8), responses.Select(r => VersionOf(r.Body)).Order());
        Assert.Equal(Enumerable.Range(1, 8), (await HistoryAsync(id)).Select(p => VersionOf(p)).Order());
        Assert.Equal("8", (await ReadAsync(id)).Meta.VersionId);
    }

    [Fact]
    public async Task Concurrent_conditional_creates_with_the_same_criteria_create_one_resource()
    {
        var value = Guid.NewGuid().ToString("N");
        var criteria = $"identifier=urn:leodis:test:race|{value}";

        var responses = await RaceAsync(8, writer => Client.SendAsync(
            HttpMethod.Post,
            "Patient",
            FhirClientExtensions.Json(new Patient { Identifier = [new Identifier("urn:leodis:test:race", value)], Name = [new HumanName { Family = Family(writer) }] }),
            ("If-None-Exist", criteria)));

        Assert.Equal([200, 200, 200, 200, 200, 200, 200, 201], Statuses(responses));
        var created = (Patient)FhirFormat.ParseStored(responses.Single(r => r.Response.StatusCode == HttpStatusCode.Created).Body);
        Assert.All(responses, r => Assert.Equal(created.Id, ((Patient)FhirFormat.ParseStored(r.Body)).Id));
        var found = await (await Client.GetAsync($"Patient?{criteria}")).ReadResourceAsync<Bundle>();
        Assert.Equal([created.Id], found.Entry.Select(e => e.Resource.Id));
    }

    [Fact]
    public async Task Concurrent_transactions_that_create_one_patient_unless_it_exists_share_it()
    {
        var value = Guid.NewGuid().ToString("N");

        var responses = await RaceAsync(6, writer =>
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid(),
                Resource = new Patient { Identifier = [new Identifier("urn:leodis:test:race", value)] },
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient", IfNoneExist = $"identifier=urn:leodis:test:race|{value}" },
            });
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid(),
                Resource = new Observation
                {
                    Status = ObservationStatus.Final,
                    Code = new CodeableConcept("http://loinc.org", "8867-4"),
                    Subject = new ResourceReference(bundle.Entry[0].FullUrl),
                },
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
            });
            return Client.SendAsync(HttpMethod.Post, string.Empty, FhirClientExtensions.Json(bundle));
        });

        Assert.Equal(Enumerable.Repeat(200, 6), Statuses(responses));
        var patients = await (await Client.GetAsync($"Patient?identifier=urn:leodis:test:race|{value}")).ReadResourceAsync<Bundle>();
        var patient = Assert.Single(patients.Entry).Resource;
        var observations = await (await Client.GetAsync($"Observation?subject=Patient/{patient.Id}&_count=10")).ReadResourceAsync<Bundle>();
        Assert.Equal(6, observations.Entry.Count);
    }

    /// <summary>Holds every writer at one gate, then opens it so all the requests go at once and really race.</summary>
    private static async Task<List<(int Writer, HttpResponseMessage Response, string Body)>> RaceAsync(
        int writers, Func<int, Task<HttpResponseMessage>> send)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // ToList runs each writer up to its await of the gate, so all are waiting before it opens.
        var tasks = Enumerable.Range(0, writers).Select(async writer =>
        {
            await gate.Task;
            var response = await send(writer);
            return (writer, response, await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    /// <summary>The status codes, sorted, so a failure shows them all; with the first unexpected body, it says why.</summary>
    private static List<int> Statuses(List<(int Writer, HttpResponseMessage Response, string Body)> responses)
    {
        var statuses = responses.Select(r => (int)r.Response.StatusCode).Order().ToList();
        var odd = responses.FirstOrDefault(r => r.Response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.PreconditionFailed));
        Assert.True(odd.Response is null, $"Writer {odd.Writer} got {(int?)odd.Response?.StatusCode}: {odd.Body}; all: {string.Join(", ", statuses)}");
        return statuses;
    }

    private async Task<Patient> ReadAsync(string id)
    {
        var response = await Client.GetAsync($"Patient/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadResourceAsync<Patient>();
    }

    private async Task<List<Patient>> HistoryAsync(string id)
    {
        var response = await Client.GetAsync($"Patient/{id}/_history?_count=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.ReadResourceAsync<Bundle>();
        Assert.DoesNotContain(bundle.Link, l => l.Relation == "next");
        return [.. bundle.Entry.Select(e => Assert.IsType<Patient>(e.Resource))];
    }

    private static StringContent Body(string id, int writer) =>
        FhirClientExtensions.Json(new Patient { Id = id, Name = [new HumanName { Family = Family(writer) }] });

    private static string Family(int writer) => $"Writer{writer}";

    private static int VersionOf(string body) => VersionOf((Patient)FhirFormat.ParseStored(body));

    private static int VersionOf(Patient patient) => int.Parse(patient.Meta.VersionId, CultureInfo.InvariantCulture);
}

public sealed class SqliteConcurrencyTests(SqliteServerFixture fixture) : ConcurrencyTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class PostgresConcurrencyTests(PostgresServerFixture fixture) : ConcurrencyTests(fixture), IClassFixture<PostgresServerFixture>;
