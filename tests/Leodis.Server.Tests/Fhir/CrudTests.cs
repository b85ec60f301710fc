using System.Net;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>create, read, vread, update and delete over HTTP (http.html), on both stores.</summary>
public abstract class CrudTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Create_assigns_id_version_and_location()
    {
        var response = await Client.PostAsync("Patient", Json("""{"resourceType":"Patient","id":"ignored","gender":"female"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var patient = await response.ReadResourceAsync<Patient>();
        Assert.NotEqual("ignored", patient.Id);
        Assert.Equal("1", patient.Meta.VersionId);
        Assert.NotNull(patient.Meta.LastUpdated);
        Assert.Equal($"{server.BaseUrl}/Patient/{patient.Id}/_history/1", response.Headers.Location?.ToString());
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("application/fhir+json", response.ContentType()?.MediaType);
    }

    [Fact]
    public async Task Create_reads_a_chunked_body_without_a_content_length()
    {
        // A streamed body of unknown length goes out chunked (Transfer-Encoding: chunked, no Content-Length).
        using var body = new MemoryStream("""{"resourceType":"Patient","gender":"male","birthDate":"1961-04-12"}"""u8.ToArray());
        using var content = new StreamContent(new NonSeekable(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = content };

        var response = await Client.SendAsync(request);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var patient = await response.ReadResourceAsync<Patient>();
        Assert.Equal(AdministrativeGender.Male, patient.Gender);
        Assert.Equal("1961-04-12", patient.BirthDate);
    }

    [Fact]
    public async Task Read_returns_the_current_version_with_its_etag()
    {
        var created = await Client.CreatePatientAsync("Reader");

        var response = await Client.GetAsync($"Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patient = await response.ReadResourceAsync<Patient>();
        Assert.Equal("Reader", patient.Name[0].Family);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Update_makes_a_new_version_and_vread_keeps_the_old_one()
    {
        var created = await Client.CreatePatientAsync("Before");
        created.Name[0].Family = "After";

        var update = await Client.PutAsync($"Patient/{created.Id}", Json(created));
        var old = await Client.GetAsync($"Patient/{created.Id}/_history/1");
        var current = await Client.GetAsync($"Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal($"{server.BaseUrl}/Patient/{created.Id}/_history/2", update.Headers.Location?.ToString());
        Assert.Equal("Before", (await old.ReadResourceAsync<Patient>()).Name[0].Family);
        var now = await current.ReadResourceAsync<Patient>();
        Assert.Equal("After", now.Name[0].Family);
        Assert.Equal("2", now.Meta.VersionId);
        Assert.True(now.Meta.LastUpdated > (await old.ReadResourceAsync<Patient>()).Meta.LastUpdated);
    }

    [Fact]
    public async Task Update_of_an_unknown_id_creates_it()
    {
        var id = "client-" + Guid.NewGuid().ToString("N")[..20];

        var response = await Client.PutAsync($"Patient/{id}", Json(new Patient { Id = id, Active = true }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, (await response.ReadResourceAsync<Patient>()).Id);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"Patient/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_then_read_is_gone_but_history_stays()
    {
        var created = await Client.CreatePatientAsync();

        var delete = await Client.DeleteAsync($"Patient/{created.Id}");
        var read = await Client.GetAsync($"Patient/{created.Id}");
        var vread = await Client.GetAsync($"Patient/{created.Id}/_history/1");
        var history = await (await Client.GetAsync($"Patient/{created.Id}/_history")).ReadResourceAsync<Bundle>();

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        Assert.IsType<OperationOutcome>(await read.ReadResourceAsync<Resource>());
        Assert.Equal(HttpStatusCode.OK, vread.StatusCode);
        Assert.Equal(2, history.Entry.Count);
        Assert.Equal(Bundle.HTTPVerb.DELETE, history.Entry[0].Request.Method);
        Assert.Null(history.Entry[0].Resource);
    }

    [Fact]
    public async Task Deleting_what_is_not_there_succeeds_without_a_version()
    {
        var response = await Client.DeleteAsync($"Patient/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_deleted_resource_comes_back_with_update()
    {
        var created = await Client.CreatePatientAsync();
        await Client.DeleteAsync($"Patient/{created.Id}");

        var response = await Client.PutAsync($"Patient/{created.Id}", Json(new Patient { Id = created.Id, Active = false }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("3", (await response.ReadResourceAsync<Patient>()).Meta.VersionId);
    }

    [Fact]
    public async Task Head_answers_headers_only()
    {
        var created = await Client.CreatePatientAsync();

        var response = await Client.SendAsync(HttpMethod.Head, $"Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_resource_type_can_be_created_and_read()
    {
        var response = await Client.PostAsync("Observation", Json("""
            {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
             "valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
            """));
        var observation = await response.ReadResourceAsync<Observation>();
        var read = await Client.GetAsync($"Observation/{observation.Id}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(72m, ((Quantity)(await read.ReadResourceAsync<Observation>()).Value).Value);
    }
}

public sealed class SqliteCrudTests(SqliteServerFixture server) : CrudTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresCrudTests(PostgresServerFixture server) : CrudTests(server), IClassFixture<PostgresServerFixture>;

/// <summary>A stream that cannot say its length, so HttpClient sends it chunked.</summary>
internal sealed class NonSeekable(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
