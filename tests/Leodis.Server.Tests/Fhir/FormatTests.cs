using System.Net;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>JSON and XML both ways, chosen by Content-Type, Accept and _format; _summary and _elements on read.</summary>
public abstract class FormatTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Xml_in_json_out_and_back()
    {
        const string xml = """<Patient xmlns="http://hl7.org/fhir"><active value="true"/><name><family value="Xml"/></name></Patient>""";

        var created = await Client.PostAsync("Patient", Json(xml, "application/fhir+xml"));
        var patient = await created.ReadResourceAsync<Patient>();
        var asXml = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("Accept", "application/fhir+xml"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/fhir+json", created.ContentType()?.MediaType);
        Assert.Equal("Xml", patient.Name[0].Family);
        Assert.Equal("application/fhir+xml", asXml.ContentType()?.MediaType);
        var text = await asXml.Content.ReadAsStringAsync();
        Assert.Equal("Xml", ((Patient)Leodis.Fhir.FhirFormat.ParseXml(text)).Name[0].Family);
    }

    [Fact]
    public async Task Format_parameter_wins_over_accept()
    {
        var patient = await Client.CreatePatientAsync();

        var response = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}?_format=xml", null, ("Accept", "application/fhir+json"));

        Assert.Equal("application/fhir+xml", response.ContentType()?.MediaType);
    }

    [Fact]
    public async Task Plain_json_and_wildcards_are_understood()
    {
        var created = await Client.PostAsync("Patient", Json("""{"resourceType":"Patient","active":true}""", "application/json"));
        var patient = await created.ReadResourceAsync<Patient>();

        var wildcard = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("Accept", "*/*"));
        var weighted = await Client.SendAsync(HttpMethod.Get, $"Patient/{patient.Id}", null, ("Accept", "text/html;q=0.9, application/xml;q=0.8"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/fhir+json", wildcard.ContentType()?.MediaType);
        Assert.Equal("application/fhir+xml", weighted.ContentType()?.MediaType);
    }

    [Fact]
    public async Task Summary_and_elements_trim_a_read()
    {
        var created = await Client.PostAsync("Patient", Json("""
            {"resourceType":"Patient","active":true,"name":[{"family":"Short"}],"photo":[{"contentType":"image/png","data":"AAAA"}]}
            """));
        var id = (await created.ReadResourceAsync<Patient>()).Id;

        var summary = await (await Client.GetAsync($"Patient/{id}?_summary=true")).ReadResourceAsync<Patient>();
        var elements = await (await Client.GetAsync($"Patient/{id}?_elements=name")).ReadResourceAsync<Patient>();

        Assert.Empty(summary.Photo);
        Assert.Equal("Short", summary.Name[0].Family);
        Assert.Null(elements.Active);
        Assert.Equal("Short", elements.Name[0].Family);
    }

    [Fact]
    public async Task Metadata_states_what_the_server_does_in_both_formats()
    {
        var json = await (await Client.GetAsync("metadata")).ReadResourceAsync<CapabilityStatement>();
        var xml = await Client.GetAsync("metadata?_format=xml");

        Assert.Equal(FHIRVersion.N4_0_1, json.FhirVersion);
        Assert.Equal(Hl7.Fhir.Model.ModelInfo.SupportedResources.Count, json.Rest[0].Resource.Count);
        var patient = json.Rest[0].Resource.Single(r => r.Type == "Patient");
        Assert.Contains(patient.Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Patch);
        Assert.Contains(patient.Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.SearchType);
        Assert.Contains(patient.SearchParam, p => p.Name == "identifier" && p.Type == SearchParamType.Token);
        Assert.Contains(patient.SearchParam, p => p.Name == "_lastUpdated" && p.Type == SearchParamType.Date);
        Assert.DoesNotContain(patient.SearchParam, p => p.Name == "_text");
        Assert.Contains("Observation:subject", patient.SearchRevInclude);
        Assert.Contains(json.Rest[0].Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.Transaction);
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/fhir+xml", xml.ContentType()?.MediaType);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var root = new Uri(server.BaseUrl.Replace("/fhir", string.Empty, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(new Uri(root, "/health/live"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(new Uri(root, "/health/ready"))).StatusCode);
    }
}

public sealed class SqliteFormatTests(SqliteServerFixture server) : FormatTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresFormatTests(PostgresServerFixture server) : FormatTests(server), IClassFixture<PostgresServerFixture>;
