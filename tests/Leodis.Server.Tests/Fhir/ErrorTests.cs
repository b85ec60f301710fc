using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>Every client error is a 4xx with an OperationOutcome that says where the problem is; none is a 500.</summary>
public abstract class ErrorTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Unknown_elements_invalid_codes_and_bad_literals_are_400_pointing_at_the_element()
    {
        var response = await Client.PostAsync("Patient", Json("""
            {"resourceType":"Patient","favouriteColour":"blue","gender":"sometimes","birthDate":"1990-02-31","id":"not an id"}
            """));

        var outcome = await OutcomeAsync(response, HttpStatusCode.BadRequest);
        var expressions = outcome.Issue.SelectMany(i => i.Expression).ToList();
        Assert.Contains("Patient.favouriteColour", expressions);
        Assert.Contains("Patient.gender", expressions);
        Assert.Contains("Patient.birthDate", expressions);
        Assert.Contains("Patient.id", expressions);
    }

    [Fact]
    public async Task Missing_required_elements_are_400_naming_them()
    {
        var response = await Client.PostAsync("Observation", Json("""{"resourceType":"Observation","subject":{"reference":"Patient/1"}}"""));

        var expressions = (await OutcomeAsync(response, HttpStatusCode.BadRequest)).Issue.SelectMany(i => i.Expression).ToList();
        Assert.Contains("Observation.status", expressions);
        Assert.Contains("Observation.code", expressions);
    }

    [Theory]
    [InlineData("<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><script>alert(1)</script></div>")]
    [InlineData("<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><p onclick=\\\"x()\\\">hi</p></div>")]
    [InlineData("<div>no namespace</div>")]
    [InlineData("<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><p>unclosed</div>")]
    public async Task Narrative_with_active_content_or_bad_xhtml_is_400(string div)
    {
        var json = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"" + div + "\"},\"active\":true}";

        var direct = await Client.PostAsync("Patient", Json(json));
        var inBundle = await Client.PostAsync(string.Empty, Json(
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + json + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}"));

        Assert.Contains("Patient.text.div", (await OutcomeAsync(direct, HttpStatusCode.BadRequest)).Issue.SelectMany(i => i.Expression));
        await OutcomeAsync(inBundle, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var response = await Client.PostAsync("Patient", Json("""{"resourceType":"Patient", "active": tru"""));

        await OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Malformed_xml_is_400()
    {
        var response = await Client.PostAsync("Patient", Json("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"></Patient>", "application/fhir+xml"));

        await OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_xml_body_with_a_dtd_is_refused()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&x;\"/></Patient>";

        var response = await Client.PostAsync("Patient", Json(xml, "application/fhir+xml"));

        await OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_of_another_type_than_the_url_is_400()
    {
        var response = await Client.PostAsync("Observation", Json(new Patient { Active = true }));

        await OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Update_without_an_id_or_with_another_id_is_400()
    {
        var patient = await Client.CreatePatientAsync();

        var missing = await Client.PutAsync($"Patient/{patient.Id}", Json(new Patient { Active = true }));
        var other = await Client.PutAsync($"Patient/{patient.Id}", Json(new Patient { Id = "someone-else", Active = true }));

        Assert.Contains("Patient.id", (await OutcomeAsync(missing, HttpStatusCode.BadRequest)).Issue[0].Expression);
        await OutcomeAsync(other, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_resource_types_and_ids_are_404()
    {
        await OutcomeAsync(await Client.GetAsync("Spaceship/1"), HttpStatusCode.NotFound);
        await OutcomeAsync(await Client.GetAsync($"Patient/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await OutcomeAsync(await Client.GetAsync($"Patient/{Guid.NewGuid()}/_history/1"), HttpStatusCode.NotFound);
        await OutcomeAsync(await Client.GetAsync($"Patient/{Guid.NewGuid()}/_history"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invalid_id_in_the_url_is_400()
    {
        await OutcomeAsync(await Client.GetAsync("Patient/" + new string('a', 65)), HttpStatusCode.BadRequest);
        await OutcomeAsync(await Client.GetAsync("Patient/bad_id"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_method_the_endpoint_does_not_have_is_405()
    {
        var patient = await Client.CreatePatientAsync();

        await OutcomeAsync(await Client.PostAsync($"Patient/{patient.Id}", Json(patient)), HttpStatusCode.MethodNotAllowed);
        await OutcomeAsync(await Client.DeleteAsync("metadata"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task An_unsupported_accept_is_406()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "metadata", null, ("Accept", "text/csv"));

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        await OutcomeAsync(await Client.GetAsync("metadata?_format=csv"), HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var big = "{\"resourceType\":\"Basic\",\"code\":{\"text\":\"" + new string('x', 9 * 1024 * 1024) + "\"}}";

        using var request = new HttpRequestMessage(HttpMethod.Post, "Basic") { Content = new StringContent(big, Encoding.UTF8, "application/fhir+json") };
        request.Headers.ExpectContinue = true; // the server refuses before reading, as a well-behaved client expects

        var response = await Client.SendAsync(request);

        await OutcomeAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_that_is_not_fhir_is_415()
    {
        var form = await Client.PostAsync("Patient", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var none = await Client.PostAsync("Patient", new ByteArrayContent("{\"resourceType\":\"Patient\",\"active\":true}"u8.ToArray()));

        await OutcomeAsync(form, HttpStatusCode.UnsupportedMediaType);
        await OutcomeAsync(none, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_400()
    {
        var response = await Client.PostAsync("Patient", new ByteArrayContent([0x7B, 0xFF, 0xFE, 0x7D])
        {
            Headers = { ContentType = new("application/fhir+json") },
        });

        await OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_create_without_a_body_is_400()
    {
        var response = await Client.PostAsync("Patient", new ByteArrayContent([]) { Headers = { ContentType = new("application/fhir+json") } });

        await OutcomeAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_history_parameter_is_400_naming_it()
    {
        var response = await Client.GetAsync("Patient/_history?_since=yesterday");

        Assert.Contains("_since", (await OutcomeAsync(response, HttpStatusCode.BadRequest)).Issue[0].Expression);
    }

    [Fact]
    public async Task Errors_follow_the_requested_format()
    {
        var response = await Client.SendAsync(HttpMethod.Get, $"Patient/{Guid.NewGuid()}", null, ("Accept", "application/fhir+xml"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/fhir+xml", response.ContentType()?.MediaType);
        Assert.StartsWith("<OperationOutcome", await response.Content.ReadAsStringAsync());
    }

    internal static async Task<OperationOutcome> OutcomeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var outcome = await response.ReadResourceAsync<OperationOutcome>();
        Assert.NotEmpty(outcome.Issue);
        Assert.All(outcome.Issue, issue => Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity));
        return outcome;
    }
}

public sealed class SqliteErrorTests(SqliteServerFixture server) : ErrorTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresErrorTests(PostgresServerFixture server) : ErrorTests(server), IClassFixture<PostgresServerFixture>;
