using System.Net;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Tests.Security;

/// <summary>
/// SMART apps and backend services end to end: a token from each flow reads and writes exactly what its scopes and its
/// user (or its registration) allow, on both stores.
/// </summary>
public abstract class SmartAppTests(SmartFixture smart)
{
    [Fact]
    public async Task Authorization_code_with_PKCE_gives_a_token_that_works_within_its_scopes_only()
    {
        var answer = await smart.AuthorizeAsync("user/Observation.rs", "dr.patel");
        Assert.Equal("Bearer", answer.GetProperty("token_type").GetString());
        Assert.Equal("user/Observation.rs", answer.GetProperty("scope").GetString());
        Assert.True(answer.GetProperty("expires_in").GetInt32() > 0);
        using var client = smart.Fhir(answer.GetProperty("access_token").GetString()!);

        using var inScope = await client.GetAsync("Observation?_count=1");
        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        using var otherType = await client.GetAsync("Patient?_count=1");
        Assert.Equal(HttpStatusCode.Forbidden, otherType.StatusCode);
    }

    [Fact]
    public async Task A_token_with_scope_user_Observation_rs_cannot_create_even_for_a_user_who_may()
    {
        var patient = await AccessFixture.CreateAsync(smart.Server.Client, new Patient { Name = [new HumanName { Family = "SmartWrite" }] });
        var answer = await smart.AuthorizeAsync("user/Observation.rs", "dr.patel");
        using var client = smart.Fhir(answer.GetProperty("access_token").GetString()!);
        using var response = await client.PostAsync("Observation", FhirClientExtensions.Json(AccessFixture.Vital(patient, sensitive: false)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_EHR_launch_gives_patient_context_and_patient_scopes_see_only_that_patient()
    {
        var (mine, other) = await TwoPatientsAsync("SmartEhr");

        // The EHR, for the signed-in analyst (who may read everyone), launches the app for one patient.
        using var ehr = smart.Server.ClientFor(DemoUser.Find("analyst.jones")!);
        using var launched = await ehr.PostAsJsonAsync(smart.Root + "/connect/launch", new { patient = mine });
        Assert.Equal(HttpStatusCode.OK, launched.StatusCode);
        var launch = (await launched.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["launch"].ToString();

        var answer = await smart.AuthorizeAsync("launch patient/*.rs", "analyst.jones", new() { ["launch"] = launch });
        Assert.Equal(mine, answer.GetProperty("patient").GetString());
        await SeesOnlyAsync(answer.GetProperty("access_token").GetString()!, mine, other);
    }

    [Fact]
    public async Task A_standalone_launch_lets_the_user_choose_the_patient()
    {
        var (mine, other) = await TwoPatientsAsync("SmartStandalone");
        var answer = await smart.AuthorizeAsync("launch/patient patient/*.rs", "analyst.jones", patient: mine);
        Assert.Equal(mine, answer.GetProperty("patient").GetString());
        await SeesOnlyAsync(answer.GetProperty("access_token").GetString()!, mine, other);
    }

    [Fact]
    public async Task Client_credentials_with_an_RS384_assertion_gives_a_read_only_system_token()
    {
        var (status, body) = await smart.ClientCredentialsAsync(smart.Assertion(algorithm: SecurityAlgorithms.RsaSha384), "system/*.rs");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("system/*.rs", body.GetProperty("scope").GetString());
        using var client = smart.Fhir(body.GetProperty("access_token").GetString()!);
        using var read = await client.GetAsync("Patient?_count=1");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var write = await client.PostAsync("Patient", FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "SmartSystem" }] }));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Client_credentials_with_an_ES384_assertion_may_write_what_its_scopes_allow()
    {
        var (status, body) = await smart.ClientCredentialsAsync(smart.Assertion(), "system/Patient.cruds system/Observation.cruds");

        // Registered for system/*.rs and system/Patient.cruds: Observation is cut down to read and search.
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("system/Patient.cruds system/Observation.rs", body.GetProperty("scope").GetString());
        using var client = smart.Fhir(body.GetProperty("access_token").GetString()!);
        var patient = await AccessFixture.CreateAsync(client, new Patient { Name = [new HumanName { Family = "SmartSystem" }] });
        using var observation = await client.PostAsync("Observation", FhirClientExtensions.Json(AccessFixture.Vital(patient, sensitive: false)));
        Assert.Equal(HttpStatusCode.Forbidden, observation.StatusCode);
    }

    private async Task<(string Mine, string Other)> TwoPatientsAsync(string family)
    {
        var system = smart.Server.Client;
        var mine = await AccessFixture.CreateAsync(system, new Patient { Name = [new HumanName { Family = family }] });
        var other = await AccessFixture.CreateAsync(system, new Patient { Name = [new HumanName { Family = family }] });
        await AccessFixture.CreateAsync(system, AccessFixture.Vital(mine, sensitive: false));
        await AccessFixture.CreateAsync(system, AccessFixture.Vital(other, sensitive: false));
        return (mine, other);
    }

    private async Task SeesOnlyAsync(string token, string mine, string other)
    {
        using var client = smart.Fhir(token);
        using var own = await client.GetAsync($"Patient/{mine}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var someoneElse = await client.GetAsync($"Patient/{other}");
        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);

        using var search = await client.GetAsync($"Observation?subject=Patient/{mine},Patient/{other}");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var bundle = (Bundle)FhirFormat.ParseJson(await search.Content.ReadAsStringAsync());
        var subjects = bundle.Entry.Select(e => ((Observation)e.Resource).Subject.Reference).ToList();
        Assert.Equal([$"Patient/{mine}"], subjects);

        using var write = await client.PostAsync("Patient", FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "SmartPatient" }] }));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }
}

public sealed class SqliteSmartAppTests(SqliteSmartFixture smart) : SmartAppTests(smart), IClassFixture<SqliteSmartFixture>;

public sealed class PostgresSmartAppTests(PostgresSmartFixture smart) : SmartAppTests(smart), IClassFixture<PostgresSmartFixture>;
