using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Testing;
using static Leodis.Server.Tests.RealData.BundleClient;

namespace Leodis.Server.Tests.Search;

/// <summary>
/// Synthea bundles loaded the fhir-data-pipes way: the patient, organisations and practitioners are conditional creates
/// (ifNoneExist on their identifier) and the other entries refer to the patient by a conditional reference
/// ("Patient?identifier=system|value"). http.html#trules: POSTs are processed before conditional references are
/// resolved, so a reference finds a patient created in the same transaction; with no match or several the transaction
/// fails. http.html#ccreate: one match answers 200 with the existing resource and creates nothing; several are a 412.
/// Identifiers carry a marker unique to the test, so tests share no data.
/// </summary>
public abstract class SyntheaConditionalTransactionTests(ServerFixture server)
{
    private const string Buster = "Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json";

    private HttpClient Client => server.Client;

    [Fact]
    public async Task Conditional_references_resolve_to_the_patient_the_same_transaction_creates()
    {
        var (bundle, patientSearch) = Conditional(Buster, Marker());

        var response = AssertTransactionResponse(await Client.PostBundleAsync(FhirFormat.ToJson(bundle)), bundle.Entry.Count);

        Assert.All(response.Entry, e => Assert.Equal(201, StatusCode(e)));
        var patient = Assert.Single(await FindAsync(patientSearch));
        Assert.Equal(TypeAndId(response.Entry[Index<Patient>(bundle)].Response.Location), patient);
        await AssertPatientReferencesAsync(response, patient);
    }

    [Fact]
    public async Task Loading_the_same_bundle_again_reuses_the_conditionally_created_resources()
    {
        var marker = Marker();
        var (first, patientSearch) = Conditional(Buster, marker);
        AssertTransactionResponse(await Client.PostBundleAsync(FhirFormat.ToJson(first)), first.Entry.Count);
        var (again, _) = Conditional(Buster, marker);

        var response = AssertTransactionResponse(await Client.PostBundleAsync(FhirFormat.ToJson(again)), again.Entry.Count);

        var patient = Assert.Single(await FindAsync(patientSearch));
        foreach (var i in Enumerable.Range(0, again.Entry.Count))
        {
            var conditional = again.Entry[i].Request.IfNoneExist is not null;
            Assert.True(StatusCode(response.Entry[i]) == (conditional ? 200 : 201), $"Entry {i} ({again.Entry[i].Resource.TypeName}) answered {response.Entry[i].Response.Status}");
        }

        Assert.Equal(patient, TypeAndId(response.Entry[Index<Patient>(again)].Response.Location));
        Assert.Single(await FindAsync($"Organization?{again.Entry[Index<Organization>(again)].Request.IfNoneExist}"));
        await AssertPatientReferencesAsync(response, patient);
    }

    [Fact]
    public async Task Two_patients_of_the_same_hospital_share_one_conditionally_created_organization()
    {
        var marker = Marker();
        var (dannie, _) = Conditional("Dannie_Schmitt_22d6efc6-2dc7-4f36-9d27-84fc6609c469.json", marker);
        var (annetta, _) = Conditional("Annetta_Hoppe_0dd77edd-bffd-4258-ac40-c07af6dd734a.json", marker);
        var hospital = annetta.Entry[Index<Organization>(annetta)].Request.IfNoneExist;
        Assert.Equal(dannie.Entry[Index<Organization>(dannie)].Request.IfNoneExist, hospital);

        AssertTransactionResponse(await Client.PostBundleAsync(FhirFormat.ToJson(dannie)), dannie.Entry.Count);
        var response = AssertTransactionResponse(await Client.PostBundleAsync(FhirFormat.ToJson(annetta)), annetta.Entry.Count);

        var organization = Assert.Single(await FindAsync($"Organization?{hospital}"));
        Assert.Equal(200, StatusCode(response.Entry[Index<Organization>(annetta)]));
        var encounters = response.Entry.Where(e => e.Response.Location.Contains("Encounter/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(encounters);
        foreach (var entry in encounters)
        {
            using var read = await Client.GetAsync(TypeAndId(entry.Response.Location));
            var encounter = (Encounter)FhirFormat.ParseStored(await read.Content.ReadAsStringAsync());
            Assert.Equal(organization, encounter.ServiceProvider.Reference);
        }
    }

    [Fact]
    public async Task A_conditional_reference_that_matches_no_patient_fails_the_whole_transaction()
    {
        var since = JustBefore();
        var marker = Marker();
        var (bundle, _) = Conditional(Buster, marker);
        bundle.Entry.RemoveAt(Index<Patient>(bundle));

        var answer = await Client.PostBundleAsync(FhirFormat.ToJson(bundle));

        AssertTransactionFailed(answer);
        Assert.Empty(await Client.VersionsMentioningAsync(marker, since));
    }

    [Fact]
    public async Task A_conditional_reference_that_matches_two_patients_fails_the_whole_transaction()
    {
        var marker = Marker();
        var (bundle, patientSearch) = Conditional(Buster, marker);
        var patient = (Patient)bundle.Entry[Index<Patient>(bundle)].Resource;
        bundle.Entry.RemoveAt(Index<Patient>(bundle));
        var since = JustBefore();
        await CreateTwiceAsync(patient);

        var answer = await Client.PostBundleAsync(FhirFormat.ToJson(bundle));

        AssertTransactionFailed(answer);
        Assert.Equal(2, (await FindAsync(patientSearch)).Count);
        Assert.DoesNotContain(await Client.VersionsMentioningAsync(marker, since), version => !version.Contains("/Patient/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task If_none_exist_matching_two_resources_fails_the_transaction_with_412()
    {
        var (bundle, patientSearch) = Conditional(Buster, Marker());
        await CreateTwiceAsync((Patient)bundle.Entry[Index<Patient>(bundle)].Resource);

        var answer = await Client.PostBundleAsync(FhirFormat.ToJson(bundle));

        AssertTransactionFailed(answer);
        Assert.Equal(HttpStatusCode.PreconditionFailed, answer.Status);
        Assert.Equal(2, (await FindAsync(patientSearch)).Count);
    }

    /// <summary>
    /// The Synthea bundle with the first identifier of its patient, organisations and practitioners suffixed by the
    /// marker, those entries made conditional creates on that identifier, and every reference to the patient made a
    /// conditional reference. Returns the bundle and the patient's search.
    /// </summary>
    private static (Bundle Bundle, string PatientSearch) Conditional(string file, string marker)
    {
        var bundle = (Bundle)FhirFormat.ParseJson(File.ReadAllText(SharedData.Path("synthea", "bundles", file)));
        string? patientUrl = null;
        string? patientSearch = null;
        foreach (var entry in bundle.Entry)
        {
            var identifier = entry.Resource switch
            {
                Patient p => p.Identifier[0],
                Organization o => o.Identifier[0],
                Practitioner p => p.Identifier[0],
                _ => null,
            };
            if (identifier is not null)
            {
                identifier.Value += "-" + marker;
                entry.Request.IfNoneExist = $"identifier={identifier.System}|{identifier.Value}";
                (patientUrl, patientSearch) = entry.Resource is Patient ? (entry.FullUrl, $"Patient?{entry.Request.IfNoneExist}") : (patientUrl, patientSearch);
            }
        }

        foreach (var reference in bundle.Entry.SelectMany(e => SyntheaSearchFixture.ReferencesIn(e.Resource)).Where(r => r.Reference == patientUrl).ToList())
        {
            reference.Reference = patientSearch;
        }

        return (bundle, patientSearch!);
    }

    /// <summary>Every resource the transaction created that names a patient names this one, by a plain local reference.</summary>
    private async Task AssertPatientReferencesAsync(Bundle response, string patient)
    {
        var created = response.Entry.Select(e => TypeAndId(e.Response.Location)).Where(l => !l.StartsWith("Patient/", StringComparison.Ordinal));
        var checkedReferences = 0;
        foreach (var location in created)
        {
            using var read = await Client.GetAsync(location);
            var text = await read.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Patient?", text, StringComparison.Ordinal);
            var references = SyntheaSearchFixture.ReferencesIn(FhirFormat.ParseStored(text))
                .Where(r => r.Reference?.StartsWith("Patient/", StringComparison.Ordinal) == true).ToList();
            Assert.All(references, r => Assert.Equal(patient, r.Reference));
            checkedReferences += references.Count;
        }

        Assert.True(checkedReferences > 0, "No created resource referred to the patient.");
    }

    private async Task CreateTwiceAsync(Patient patient)
    {
        foreach (var _ in new[] { 1, 2 })
        {
            using var response = await Client.PostAsync("Patient", Fhir.FhirClientExtensions.Json(patient));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private async Task<List<string>> FindAsync(string query)
    {
        var answer = await ServerSearch.AllPagesAsync(Client, query);
        Assert.Null(answer.Error);
        return answer.Matches;
    }

    private static int Index<T>(Bundle bundle) => bundle.Entry.FindIndex(e => e.Resource is T);

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];
}

public sealed class SqliteSyntheaConditionalTransactionTests(SqliteServerFixture server) : SyntheaConditionalTransactionTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresSyntheaConditionalTransactionTests(PostgresServerFixture server) : SyntheaConditionalTransactionTests(server), IClassFixture<PostgresServerFixture>;
