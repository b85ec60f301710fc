using System.Net;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>If-Match, If-None-Match, If-Modified-Since and Prefer (http.html#concurrency, #cread, #ops).</summary>
public abstract class ConditionalHeaderTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Update_with_the_current_version_in_If_Match_succeeds()
    {
        var patient = await Client.CreatePatientAsync();

        var response = await Client.SendAsync(HttpMethod.Put, $"Patient/{patient.Id}", Json(patient), ("If-Match", "W/\"1\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_a_failed_precondition()
    {
        var patient = await Client.CreatePatientAsync();
        await Client.PutAsync($"Patient/{patient.Id}", Json(patient));

        var response = await Client.SendAsync(HttpMethod.Put, $"Patient/{patient.Id}", Json(patient), ("If-Match", "W/\"1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.IsType<OperationOutcome>(await response.ReadResourceAsync<Resource>());
        Assert.Equal("2", (await (await Client.GetAsync($"Patient/{patient.Id}")).ReadResourceAsync<Patient>()).Meta.VersionId);
    }

    [Fact]
    public async Task Delete_and_patch_check_If_Match_too()
    {
        var patient = await Client.CreatePatientAsync();
        var patch = Json("""[{"op":"add","path":"/active","value":true}]""", "application/json-patch+json");

        var stalePatch = await Client.SendAsync(HttpMethod.Patch, $"Patient/{patient.Id}", patch, ("If-Match", "W/\"9\""));
        var staleDelete = await Client.SendAsync(HttpMethod.Delete, $"Patient/{patient.Id}", null, ("If-Match", "W/\"9\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stalePatch.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"Patient/{patient.Id}")).StatusCode);
    }

    [Fact]
    public async Task Read_with_a_matching_If_None_Match_is_not_modified()
    {
        var patient = await Client.CreatePatientAsync();

        var same = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("If-None-Match", "W/\"1\""));
        var other = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("If-None-Match", "W/\"0\""));

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Read_with_If_Modified_Since_after_the_last_update_is_not_modified()
    {
        var patient = await Client.CreatePatientAsync();
        var later = DateTimeOffset.UtcNow.AddMinutes(5).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = DateTimeOffset.UtcNow.AddDays(-1).ToString("r", System.Globalization.CultureInfo.InvariantCulture);

        var notModified = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("If-Modified-Since", later));
        var modified = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("If-Modified-Since", earlier));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Fact]
    public async Task Prefer_return_minimal_sends_no_body()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "Patient", Json(new Patient { Active = true }), ("Prefer", "return=minimal"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Prefer_return_OperationOutcome_sends_an_outcome()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "Patient", Json(new Patient { Active = true }), ("Prefer", "return=OperationOutcome"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.IsType<OperationOutcome>(await response.ReadResourceAsync<Resource>());
    }

    [Fact]
    public async Task Prefer_return_representation_sends_the_resource()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "Patient", Json(new Patient { Active = true }), ("Prefer", "return=representation"));

        Assert.IsType<Patient>(await response.ReadResourceAsync<Resource>());
    }
}

public sealed class SqliteConditionalHeaderTests(SqliteServerFixture server) : ConditionalHeaderTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresConditionalHeaderTests(PostgresServerFixture server) : ConditionalHeaderTests(server), IClassFixture<PostgresServerFixture>;
