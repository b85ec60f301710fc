using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Import;
using Leodis.Server.Tests.Fhir;
using Microsoft.Extensions.DependencyInjection;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Import;

/// <summary>$import over HTTP: Synthea bulk data loads readable and searchable, bad lines are reported, bad requests refused.</summary>
public abstract class ImportApiTests(ImportServer server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Importing_a_synthea_bulk_export_loads_every_resource_readable_and_searchable()
    {
        var synthea = server.Synthea;
        var allergies = Path.Combine(synthea, "AllergyIntolerance.000.ndjson");
        var status = await ImportClient.StartAsync(
            Client,
            (null, "synthea"),
            ("AllergyIntolerance", new Uri(allergies).AbsoluteUri));

        var manifest = await ImportClient.WaitAsync(Client, status);

        var files = ImportServer.SyntheaFiles.Where(f => f != "log.ndjson").Select(f => Path.Combine(synthea, f)).ToList();
        var expected = ExpectedNdjson.CountsByType(files.Append(allergies));
        Assert.Equal(expected, ImportClient.Counts(manifest));
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());

        var patients = ExpectedNdjson.Resources(Path.Combine(synthea, "Patient.000.ndjson"));
        foreach (var patient in patients.Take(3))
        {
            using var read = await Client.GetAsync($"Patient/{patient.GetProperty("id").GetString()}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var stored = await read.ReadResourceAsync<Patient>();
            Assert.Equal("1", stored.Meta.VersionId);
            Assert.Equal(patient.GetProperty("birthDate").GetString(), stored.BirthDate);
        }

        // The allergy file was named twice (in the folder, and by its URL): each allergy has two versions.
        var allergy = ExpectedNdjson.Keys(allergies)[0].Id;
        Assert.Equal("2", (await (await Client.GetAsync($"AllergyIntolerance/{allergy}")).ReadResourceAsync<AllergyIntolerance>()).Meta.VersionId);

        var immunizations = ExpectedNdjson.Resources(Path.Combine(synthea, "Immunization.000.ndjson"));
        var subject = immunizations[0].GetProperty("patient").GetProperty("reference").GetString()!;
        var expectedIds = immunizations.Where(i => i.GetProperty("patient").GetProperty("reference").GetString() == subject)
            .Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal).ToList();
        var found = await (await Client.GetAsync($"Immunization?patient={subject}&_count=500")).ReadResourceAsync<Bundle>();
        Assert.Equal(expectedIds, found.Entry.Select(e => e.Resource.Id).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task A_file_with_bad_lines_reports_each_with_its_line_number_and_loads_the_others()
    {
        var (a, b) = ($"imp-{Guid.NewGuid():N}", $"imp-{Guid.NewGuid():N}");
        var family = $"Fam{Guid.NewGuid():N}";
        var path = server.WriteFile($"bad-{Guid.NewGuid():N}.ndjson",
        [
            $$"""{"resourceType":"Patient","id":"{{a}}","name":[{"family":"Old{{family}}"}]}""",
            """{"resourceType":"Patient","id":""",
            "",
            """{"resourceType":"Patient","name":[{"family":"NoId"}]}""",
            $$"""{"resourceType":"Observation","id":"{{b}}","status":"final","colour":"blue"}""",
            $$"""{"resourceType":"Patient","id":"{{b}}","gender":"female"}""",
            $$"""{"resourceType":"Patient","id":"{{a}}","name":[{"family":"{{family}}"}]}""",
        ]);

        var manifest = await ImportClient.WaitAsync(Client, await ImportClient.StartAsync(Client, ("Patient", Path.GetFileName(path))));

        Assert.Equal(new Dictionary<string, long> { ["Patient"] = 3 }, ImportClient.Counts(manifest));
        var errors = manifest.GetProperty("error").EnumerateArray().Single();
        Assert.Equal(3, errors.GetProperty("count").GetInt64());
        using var report = await Client.GetAsync(errors.GetProperty("url").GetString());
        Assert.Equal("application/fhir+ndjson", report.ContentType()?.MediaType);
        var outcomes = (await report.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (OperationOutcome)FhirFormat.ParseStored(l)).ToList();
        Assert.Equal([2, 4, 5], outcomes.Select(o => o.GetExtensionValue<Integer>(ImportOutcomes.LineExtension).Value!.Value));
        Assert.All(outcomes, o => Assert.Equal(Path.GetFileName(path), o.GetExtensionValue<FhirString>(ImportOutcomes.FileExtension).Value));
        Assert.Contains(outcomes[1].Issue, i => i.Expression.Contains("Patient.id"));
        Assert.Contains(outcomes[2].Issue, i => i.Diagnostics.Contains("Observation", StringComparison.Ordinal));

        // The same id twice is two versions, and search sees the second only.
        var history = await (await Client.GetAsync($"Patient/{a}/_history")).ReadResourceAsync<Bundle>();
        Assert.Equal(2, history.Entry.Count);
        var search = await (await Client.GetAsync($"Patient?family={family}")).ReadResourceAsync<Bundle>();
        Assert.Equal([a], search.Entry.Select(e => e.Resource.Id));
        Assert.Empty((await (await Client.GetAsync($"Patient?family=Old{family}")).ReadResourceAsync<Bundle>()).Entry);
        Assert.Equal("1", (await (await Client.GetAsync($"Patient/{b}")).ReadResourceAsync<Patient>()).Meta.VersionId);
    }

    [Fact]
    public async Task Importing_a_file_again_makes_the_next_version_of_each_resource()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => $"imp-{Guid.NewGuid():N}").ToList();
        var family = $"Again{Guid.NewGuid():N}";
        var name = $"again-{Guid.NewGuid():N}.ndjson";
        server.WriteFile(name, ids.Select(id => $$"""{"resourceType":"Patient","id":"{{id}}","name":[{"family":"{{family}}"}]}"""));

        await ImportClient.WaitAsync(Client, await ImportClient.StartAsync(Client, (null, name)));
        await ImportClient.WaitAsync(Client, await ImportClient.StartAsync(Client, (null, name)));

        foreach (var id in ids)
        {
            var history = await (await Client.GetAsync($"Patient/{id}/_history")).ReadResourceAsync<Bundle>();
            Assert.Equal(["W/\"2\"", "W/\"1\""], history.Entry.Select(e => e.Response.Etag));
        }

        var search = await (await Client.GetAsync($"Patient?family={family}")).ReadResourceAsync<Bundle>();
        Assert.Equal(ids.Order(StringComparer.Ordinal), search.Entry.Select(e => e.Resource.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../outside.ndjson", HttpStatusCode.Forbidden)]
    [InlineData("file:///etc/passwd", HttpStatusCode.Forbidden)]
    [InlineData("/etc", HttpStatusCode.Forbidden)]
    [InlineData("https://example.org/Patient.ndjson", HttpStatusCode.BadRequest)]
    [InlineData("file://server/share/Patient.ndjson", HttpStatusCode.BadRequest)]
    [InlineData("missing.ndjson", HttpStatusCode.BadRequest)]
    public async Task An_input_outside_the_import_root_or_missing_is_refused_with_an_OperationOutcome(string url, HttpStatusCode status)
    {
        using var response = await ImportClient.PostAsync(Client, ImportClient.Request((null, url)));

        Assert.Equal(status, response.StatusCode);
        Assert.NotEmpty((await response.ReadResourceAsync<OperationOutcome>()).Issue);
    }

    [Fact]
    public async Task A_symbolic_link_under_the_root_to_a_file_outside_it_is_refused()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"leodis-outside-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(outside, """{"resourceType":"Basic","id":"outside","code":{"text":"x"}}""" + "\n");
        var link = $"link-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(server.Root, link));
        File.CreateSymbolicLink(Path.Combine(server.Root, link, "Basic.ndjson"), outside);
        try
        {
            using var file = await ImportClient.PostAsync(Client, ImportClient.Request((null, $"{link}/Basic.ndjson")));
            using var folder = await ImportClient.PostAsync(Client, ImportClient.Request((null, link)));

            Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, folder.StatusCode);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task The_CapabilityStatement_lists_the_import_operation()
    {
        var statement = await (await Client.GetAsync("metadata")).ReadResourceAsync<CapabilityStatement>();

        Assert.Contains(statement.Rest[0].Operation, o => o.Name == "import");
    }

    [Fact]
    public async Task A_bad_import_request_is_a_4xx_OperationOutcome()
    {
        var withoutPrefer = await ImportClient.PostAsync(Client, ImportClient.Request((null, "synthea")), respondAsync: false);
        var notParameters = await Client.SendAsync(HttpMethod.Post, "$import", Json(new Patient()), ("Prefer", "respond-async"));
        var noInputs = await ImportClient.PostAsync(Client, ImportClient.Request());
        var badType = await ImportClient.PostAsync(Client, ImportClient.Request(("Colour", "synthea")));
        var wrongFormat = ImportClient.Request((null, "synthea"));
        wrongFormat.Parameter[0].Value = new Code("text/csv");
        var csv = await ImportClient.PostAsync(Client, wrongFormat);
        var unknownJob = await Client.GetAsync("$import/0123456789abcdef0123456789abcdef");

        foreach (var response in new[] { withoutPrefer, notParameters, noInputs, badType, csv })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotEmpty((await response.ReadResourceAsync<OperationOutcome>()).Issue);
        }

        Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);
    }

    [Fact]
    public async Task A_job_whose_runner_died_after_some_chunks_is_finished_by_the_server_with_each_resource_once()
    {
        var ids = Enumerable.Range(0, 5 * ImportServer.ChunkSize + 17).Select(_ => $"dead-{Guid.NewGuid():N}").ToList();
        var name = $"dead-{Guid.NewGuid():N}.ndjson";
        var path = server.WriteFile(name, ids.Select(id => $$$"""{"resourceType":"Basic","id":"{{{id}}}","code":{"text":"dead"}}"""));
        var jobs = server.Services.GetRequiredService<ImportJobs>();
        var importer = server.Services.GetRequiredService<NdjsonImporter>();
        var state = new ImportJobState { Files = [.. ImportSource.Files(path, null, name, server.Root)] };

        // Another runner claims the job, commits two chunks and dies (no release: its lease just runs out).
        var job = await jobs.CreateAsync($"api:{Guid.NewGuid():N}", state, "dead-runner", TimeSpan.FromSeconds(1), CancellationToken.None);
        using var death = new CancellationTokenSource();
        var chunks = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.RunAsync(
            job, "dead-runner", new ImportSettings(ImportServer.ChunkSize, TimeSpan.FromSeconds(1), TimeProvider.System),
            _ =>
            {
                if (++chunks == 2)
                {
                    death.Cancel();
                }
            },
            death.Token));
        var left = await jobs.GetAsync(job.Id, CancellationToken.None);
        Assert.Equal(2L * ImportServer.ChunkSize, left!.State.LoadedTotal);

        var manifest = await ImportClient.WaitAsync(Client, $"$import/{job.Id}");

        Assert.Equal(new Dictionary<string, long> { ["Basic"] = ids.Count }, ImportClient.Counts(manifest));
        foreach (var id in ids.Where((_, i) => i % 50 == 0 || i == 2 * ImportServer.ChunkSize))
        {
            var history = await (await Client.GetAsync($"Basic/{id}/_history")).ReadResourceAsync<Bundle>();
            Assert.Equal(["W/\"1\""], history.Entry.Select(e => e.Response.Etag));
        }
    }

    [Fact]
    public async Task A_cancelled_job_stops_with_whole_chunks_loaded_and_says_so()
    {
        var ids = Enumerable.Range(0, 20 * ImportServer.ChunkSize).Select(i => $"cancel-{Guid.NewGuid():N}").ToList();
        var name = $"cancel-{Guid.NewGuid():N}.ndjson";
        server.WriteFile(name, ids.Select(id => $$$"""{"resourceType":"Basic","id":"{{{id}}}","code":{"text":"cancel"}}"""));

        var status = await ImportClient.StartAsync(Client, (null, name));
        using var cancel = await Client.DeleteAsync(status);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        using var after = await Client.GetAsync(status);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        using var again = await Client.DeleteAsync(status);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Whatever was loaded is a prefix of the file in whole chunks, each resource once.
        await System.Threading.Tasks.Task.Delay(500);
        var loaded = new List<string>();
        foreach (var id in ids)
        {
            using var read = await Client.GetAsync($"Basic/{id}");
            if (read.StatusCode != HttpStatusCode.OK)
            {
                break;
            }

            loaded.Add(id);
        }

        Assert.Equal(0, loaded.Count % ImportServer.ChunkSize);
        foreach (var id in ids.Skip(loaded.Count).Take(3).Concat(ids.TakeLast(1)))
        {
            using var read = await Client.GetAsync($"Basic/{id}");
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
    }
}

public sealed class SqliteImportApiTests(SqliteImportServer server) : ImportApiTests(server), IClassFixture<SqliteImportServer>;

public sealed class PostgresImportApiTests(PostgresImportServer server) : ImportApiTests(server), IClassFixture<PostgresImportServer>;
