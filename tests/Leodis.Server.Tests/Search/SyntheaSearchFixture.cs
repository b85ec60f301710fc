using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Tests.RealData;
using Leodis.Server.Tests.Search.Oracle;
using Leodis.Testing;

namespace Leodis.Server.Tests.Search;

/// <summary>
/// A server over a fresh store holding eight Synthea patients, loaded once through transactions, and an oracle over the
/// same resources as the server read them back (so ids are the server's). The store holds nothing else.
/// </summary>
public abstract class SyntheaSearchFixture : IAsyncLifetime
{
    /// <summary>
    /// Chosen for what they exercise: an accented family name (Alcántar), a deceased patient (Riojas), two names
    /// (Hoppe, née Schaden), allergies (Conroy), imaging (Koepp), three organisations (Gottlieb), and women (Schmitt, Hoppe),
    /// with 1,183 resources in all. The order fixes "{Patient:0}" (Hoeger) to "{Patient:7}" (Hoppe).
    /// </summary>
    public static readonly string[] Files =
    [
        "Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json",
        "Brett_Gottlieb_0d2177ba-f67b-4f29-addb-91040de55388.json",
        "Dannie_Schmitt_22d6efc6-2dc7-4f36-9d27-84fc6609c469.json",
        "Alejandro_Riojas_a9fcc685-c7a2-4474-bf25-26c8fe4b48f9.json",
        "Blair_Conroy_8de41d0d-0ae7-4cb6-97e2-900b07a1e4f7.json",
        "Abdul_Koepp_e925b0f3-8006-43f6-aa31-94bd215e55e7.json",
        "David_Alcántar_69042923-d915-40e1-b1e0-7692a08ff171.json",
        "Annetta_Hoppe_0dd77edd-bffd-4258-ac40-c07af6dd734a.json",
    ];

    public const string ProfileBase = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-";

    public const string Restricted = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R";

    private ServerFixture server = null!;

    public HttpClient Client => server.Client;

    public string BaseUrl => server.BaseUrl;

    public SearchOracle Oracle { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = CreateServer();
        await server.InitializeAsync();
        var locations = new List<string>();
        for (var i = 0; i < Files.Length; i++)
        {
            var bundle = (Bundle)FhirFormat.ParseJson(await File.ReadAllTextAsync(SharedData.Path("synthea", "bundles", Files[i])));
            Enrich(bundle, i);
            var answer = await Client.PostBundleAsync(FhirFormat.ToJson(bundle), ("Prefer", "return=minimal"));
            var response = BundleClient.AssertTransactionResponse(answer, bundle.Entry.Count);
            locations.AddRange(response.Entry.Select(e => BundleClient.TypeAndId(e.Response.Location)));
        }

        var resources = new Resource[locations.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, locations.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var read = await Client.GetAsync(locations[i], ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            resources[i] = FhirFormat.ParseStored(await read.Content.ReadAsStringAsync(ct));
        });
        Oracle = new SearchOracle(resources, BaseUrl);
    }

    public Task DisposeAsync() => server.DisposeAsync();

    /// <summary>
    /// A query with its placeholders filled in: "{base}" is the FHIR base URL, and "{Patient:3}" the server's id of the
    /// fourth Patient loaded (resources count in the order of the bundles and their entries).
    /// </summary>
    public string Query(string template)
    {
        var query = template.Replace("{base}", BaseUrl, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(query, @"\{(?<type>[A-Za-z]+):(?<n>\d+)\}", m =>
            Oracle.OfType(m.Groups["type"].Value).ElementAt(int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)).Id ?? string.Empty);
    }

    protected abstract ServerFixture CreateServer();

    /// <summary>
    /// Adds to the shared data what Synthea 2019 lacks, so every parameter kind has values: US Core profiles on the
    /// first four patients' resources (_profile, uri), the patient's identifier on every reference to the second patient
    /// (reference :identifier), and a confidentiality label on the third patient and their conditions (_security).
    /// </summary>
    private static void Enrich(Bundle bundle, int index)
    {
        var patientEntry = bundle.Entry.First(e => e.Resource is Patient);
        var patient = (Patient)patientEntry.Resource;
        foreach (var entry in bundle.Entry)
        {
            var resource = entry.Resource;
            resource.Meta ??= new Meta();
            if (index < 4)
            {
                resource.Meta.Profile = [ProfileBase + resource.TypeName.ToLowerInvariant()];
            }

            if (index == 2 && resource is Patient or Condition)
            {
                var label = Restricted.Split('|');
                resource.Meta.Security.Add(new Coding(label[0], label[1]));
            }

            if (index == 1)
            {
                foreach (var reference in ReferencesIn(resource).Where(r => r.Reference == patientEntry.FullUrl).ToList())
                {
                    reference.Identifier = new Identifier(patient.Identifier[0].System, patient.Identifier[0].Value);
                }
            }
        }
    }

    /// <summary>Every Reference anywhere in the element, contained resources included.</summary>
    public static IEnumerable<ResourceReference> ReferencesIn(Base element) =>
        element.EnumerateElements().SelectMany(e => e.Value is IEnumerable<Base> list ? list : e.Value is Base one ? [one] : [])
            .SelectMany(child => child is ResourceReference reference ? ReferencesIn(child).Prepend(reference) : ReferencesIn(child));
}

public sealed class SqliteSyntheaSearchFixture : SyntheaSearchFixture
{
    protected override ServerFixture CreateServer() => new SqliteServerFixture();
}

public sealed class PostgresSyntheaSearchFixture : SyntheaSearchFixture
{
    protected override ServerFixture CreateServer() => new PostgresServerFixture();
}
