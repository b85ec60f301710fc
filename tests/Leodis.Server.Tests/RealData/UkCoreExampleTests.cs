using System.Net;
using System.Text;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Leodis.Fhir;
using Leodis.Testing;

namespace Leodis.Server.Tests.RealData;

/// <summary>
/// The UK Core R4 examples in ../shared/data/ukcore/examples: each valid one is created from its XML and reads back as
/// JSON with the same content; the few that are not valid R4 are refused with a 400.
/// </summary>
public abstract class UkCoreExampleTests(ServerFixture server)
{
    /// <summary>The examples Firely's strict parser rejects, and why: they are not valid FHIR R4 as published.</summary>
    private static readonly Dictionary<string, string> NotValidR4 = new(StringComparer.Ordinal)
    {
        ["Extension-UKCore-CodingSCT-IllicitDrugs-Example.xml"] = "Observation.text comes after status; XML keeps the element order",
        ["Extension-UKCore-ConditionEpisode-Example.xml"] = "the extension has two values, valueCode and valueCodeableConcept",
        ["UKCore-Bundle-Sn-NoAllergyData-Example.xml"] = "Bundle.link.url 'https://[base]/...' is not a URI",
        ["UKCore-Observation-Lab-Albumin-Example.xml"] = "Observation.meta comes after text",
        ["UKCore-Questionnaire-EOLPlan-Example.xml"] = "an item's extension comes after its linkId",
    };

    private static readonly FhirXmlDeserializer StrictXml = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private HttpClient Client => server.Client;

    public static TheoryData<string> ValidExamples() => Examples(valid: true);

    public static TheoryData<string> InvalidExamples() => Examples(valid: false);

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public async Task Example_is_created_from_XML_and_reads_back_as_the_same_JSON(string file)
    {
        var xml = await File.ReadAllTextAsync(SharedData.Path("ukcore", "examples", file));
        var sent = StrictXml.DeserializeResource(xml);

        using var created = await Client.PostAsync(sent.TypeName, new StringContent(xml, Encoding.UTF8, "application/fhir+xml"));

        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{file}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var location = BundleClient.TypeAndId(created.Headers.Location!.ToString());
        using var read = new HttpRequestMessage(HttpMethod.Get, location);
        read.Headers.Accept.ParseAdd("application/fhir+json");
        using var response = await Client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var stored = FhirFormat.ParseJson(await response.Content.ReadAsStringAsync());
        Assert.Equal(location, $"{stored.TypeName}/{stored.Id}");
        StoredContent.AssertSame(sent, stored, file);
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public async Task Example_that_is_not_valid_R4_is_refused_with_a_bad_request(string file)
    {
        var xml = await File.ReadAllTextAsync(SharedData.Path("ukcore", "examples", file));
        Assert.ThrowsAny<Exception>(() => StrictXml.DeserializeResource(xml)); // so the list above stays true

        using var created = await Client.PostAsync(RootElement(xml), new StringContent(xml, Encoding.UTF8, "application/fhir+xml"));

        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.BadRequest, $"{file} ({NotValidR4[file]}): {(int)created.StatusCode} {body}");
        Assert.IsType<OperationOutcome>(FhirFormat.ParseStored(body));
    }

    private static TheoryData<string> Examples(bool valid)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SharedData.Path("ukcore", "examples"), "*.xml").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (NotValidR4.ContainsKey(file) != valid)
            {
                data.Add(file);
            }
        }

        return data;
    }

    private static string RootElement(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        reader.MoveToContent();
        return reader.LocalName;
    }
}

public sealed class SqliteUkCoreExampleTests(SqliteServerFixture server) : UkCoreExampleTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresUkCoreExampleTests(PostgresServerFixture server) : UkCoreExampleTests(server), IClassFixture<PostgresServerFixture>;
