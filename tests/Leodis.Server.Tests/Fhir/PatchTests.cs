using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>patch with JSON Patch (RFC 6902) and FHIRPath Patch (fhirpatch.html).</summary>
public abstract class PatchTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Json_patch_changes_the_resource_and_makes_a_version()
    {
        var patient = await Client.CreatePatientAsync("Patchy");

        var response = await PatchJsonAsync(patient.Id, """
            [{"op":"test","path":"/name/0/family","value":"Patchy"},
             {"op":"replace","path":"/name/0/family","value":"Patched"},
             {"op":"add","path":"/birthDate","value":"1970-05-06"},
             {"op":"add","path":"/name/0/given","value":["Ann"]},
             {"op":"copy","from":"/name/0","path":"/name/-"},
             {"op":"remove","path":"/name/1/given"}]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await (await Client.GetAsync($"Patient/{patient.Id}")).ReadResourceAsync<Patient>();
        Assert.Equal("2", patched.Meta.VersionId);
        Assert.Equal("Patched", patched.Name[0].Family);
        Assert.Equal(["Ann"], patched.Name[0].Given);
        Assert.Empty(patched.Name[1].Given);
        Assert.Equal("1970-05-06", patched.BirthDate);
    }

    [Fact]
    public async Task Json_patch_whose_test_fails_is_422_and_changes_nothing()
    {
        var patient = await Client.CreatePatientAsync("Same");

        var response = await PatchJsonAsync(patient.Id, """[{"op":"test","path":"/name/0/family","value":"Other"},{"op":"remove","path":"/name"}]""");

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("1", (await (await Client.GetAsync($"Patient/{patient.Id}")).ReadResourceAsync<Patient>()).Meta.VersionId);
    }

    [Fact]
    public async Task Json_patch_to_a_missing_path_is_422_and_a_malformed_one_400()
    {
        var patient = await Client.CreatePatientAsync();

        await ErrorTests.OutcomeAsync(await PatchJsonAsync(patient.Id, """[{"op":"remove","path":"/telecom/3"}]"""), HttpStatusCode.UnprocessableEntity);
        await ErrorTests.OutcomeAsync(await PatchJsonAsync(patient.Id, """{"op":"remove"}"""), HttpStatusCode.BadRequest);
        await ErrorTests.OutcomeAsync(await PatchJsonAsync(patient.Id, """[{"op":"jump","path":"/x"}]"""), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Json_patch_that_makes_invalid_fhir_is_422()
    {
        var patient = await Client.CreatePatientAsync();

        var response = await PatchJsonAsync(patient.Id, """[{"op":"add","path":"/gender","value":"sometimes"}]""");

        Assert.Contains("Patient.gender", (await ErrorTests.OutcomeAsync(response, HttpStatusCode.UnprocessableEntity)).Issue.SelectMany(i => i.Expression));
    }

    [Fact]
    public async Task Json_patch_may_not_change_the_id()
    {
        var patient = await Client.CreatePatientAsync();

        var response = await PatchJsonAsync(patient.Id, """[{"op":"replace","path":"/id","value":"elsewhere"}]""");

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Fhirpath_patch_adds_inserts_replaces_moves_and_deletes()
    {
        var created = await Client.PostAsync("Patient", Json("""
            {"resourceType":"Patient","active":true,"name":[{"family":"One"},{"family":"Two"}],"birthDate":"1980-01-01"}
            """));
        var patient = await created.ReadResourceAsync<Patient>();
        var patch = new Parameters();
        patch.AddReplacePatchParameter("Patient.birthDate", new Date("1981-02-03"));
        patch.AddAddPatchParameter("Patient", "gender", new Code("female"));
        patch.AddInsertPatchParameter("Patient.name", new HumanName { Family = "Zero" }, 0);
        patch.AddMovePatchParameter("Patient.name", 2, 1);
        patch.AddDeletePatchParameter("Patient.active");

        var response = await Client.PatchAsync($"Patient/{patient.Id}", Json(patch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await (await Client.GetAsync($"Patient/{patient.Id}")).ReadResourceAsync<Patient>();
        Assert.Equal("1981-02-03", patched.BirthDate);
        Assert.Equal(AdministrativeGender.Female, patched.Gender);
        Assert.Equal(["Zero", "Two", "One"], patched.Name.Select(n => n.Family));
        Assert.Null(patched.Active);
    }

    [Fact]
    public async Task Fhirpath_patch_builds_complex_values_from_parts()
    {
        var patient = await Client.CreatePatientAsync();
        var patch = new Parameters();
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        operation.Part.Add(new() { Name = "type", Value = new Code("add") });
        operation.Part.Add(new() { Name = "path", Value = new FhirString("Patient") });
        operation.Part.Add(new() { Name = "name", Value = new FhirString("telecom") });
        operation.Part.Add(new()
        {
            Name = "value",
            Part = [new() { Name = "system", Value = new Code("phone") }, new() { Name = "value", Value = new FhirString("0113 243 3144") }],
        });
        patch.Parameter.Add(operation);

        var response = await Client.PatchAsync($"Patient/{patient.Id}", Json(patch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var telecom = (await response.ReadResourceAsync<Patient>()).Telecom.Single();
        Assert.Equal(ContactPoint.ContactPointSystem.Phone, telecom.System);
        Assert.Equal("0113 243 3144", telecom.Value);
    }

    [Fact]
    public async Task Fhirpath_patch_that_matches_nothing_to_replace_is_422()
    {
        var patient = await Client.CreatePatientAsync();
        var patch = new Parameters();
        patch.AddReplacePatchParameter("Patient.birthDate", new Date("1981-02-03"));

        var response = await Client.PatchAsync($"Patient/{patient.Id}", Json(patch));

        await ErrorTests.OutcomeAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Patch_of_a_missing_resource_is_404_and_of_a_deleted_one_410()
    {
        var patient = await Client.CreatePatientAsync();
        await Client.DeleteAsync($"Patient/{patient.Id}");
        const string patch = """[{"op":"add","path":"/active","value":true}]""";

        await ErrorTests.OutcomeAsync(await PatchJsonAsync(Guid.NewGuid().ToString(), patch), HttpStatusCode.NotFound);
        await ErrorTests.OutcomeAsync(await PatchJsonAsync(patient.Id, patch), HttpStatusCode.Gone);
    }

    private Task<HttpResponseMessage> PatchJsonAsync(string id, string patch) =>
        Client.PatchAsync($"Patient/{id}", Json(patch, "application/json-patch+json"));
}

public sealed class SqlitePatchTests(SqliteServerFixture server) : PatchTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresPatchTests(PostgresServerFixture server) : PatchTests(server), IClassFixture<PostgresServerFixture>;
