using System.Reflection;
using Leodis.Server.Tests.Search.Oracle;

namespace Leodis.Server.Tests.Search;

/// <summary>
/// Search over eight real Synthea patients, on both stores. Every expected answer comes from <see cref="SearchOracle"/>
/// (the parameter's FHIRPath on the resources, and search.html's rules in plain C#), never from a run of the engine.
/// Queries are written unencoded; "{Patient:0}" is the id of the first patient loaded (see <see cref="SyntheaSearchFixture.Query"/>).
/// </summary>
public abstract partial class SyntheaSearchTests(SyntheaSearchFixture fixture)
{
    private const string Buster = "ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423";

    private const string Brett = "0d2177ba-f67b-4f29-addb-91040de55388";

    private HttpClient Client => fixture.Client;

    private SearchOracle Oracle => fixture.Oracle;

    [Theory]
    [InlineData("Patient?family=koe")]
    [InlineData("Patient?family=ALCANTAR")]
    [InlineData("Patient?name=alcán")]
    [InlineData("Patient?family:exact=Alcántar")]
    [InlineData("Patient?family:contains=ANTA")]
    [InlineData("Patient?name:contains=nett")]
    [InlineData("Patient?family=Hoppe&family=Schaden")]
    [InlineData("Patient?given=Annetta&family=Schaden")]
    [InlineData("Patient?address-city=Amherst,Boston,Woburn")]
    [InlineData("Patient?address=massa&gender=female")]
    [InlineData("Patient?address-postalcode=021")]
    [InlineData("Practitioner?name=dr.&family=K")]
    [InlineData("Organization?name=north shore,noble")]
    [InlineData("Organization?name:contains=hospital")]
    [InlineData("Organization?address-city=boston")]
    [InlineData("Organization?name:exact=COOLEY DICKINSON HOSPITAL INC\\,THE")]
    [InlineData("Organization?name=cooley dickinson hospital inc\\,t,noble")]
    public Task String_parameters_match_a_prefix_ignoring_case_and_accents_unless_modified(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Patient?gender=female")]
    [InlineData("Patient?gender:not=male")]
    [InlineData("Patient?gender=male&deceased=true")]
    [InlineData("Patient?deceased=false")]
    [InlineData("Observation?code=http://loinc.org|8302-2")]
    [InlineData("Observation?code=8302-2,29463-7&subject={Patient:7}")]
    [InlineData("Observation?code=http://loinc.org|&subject={Patient:0}")]
    [InlineData("Observation?category=vital-signs&code=39156-5")]
    [InlineData("Observation?code:text=body")]
    [InlineData("Observation?code:not=http://loinc.org|8302-2&subject={Patient:0}")]
    [InlineData("Observation?value-concept=http://snomed.info/sct|8517006")]
    [InlineData("Patient?identifier=http://hl7.org/fhir/sid/us-ssn|999-59-2277")]
    [InlineData("Patient?identifier=" + Buster)]
    [InlineData("Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|" + Buster)]
    [InlineData("Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|SS|999-59-2277")]
    [InlineData("Patient?identifier:text=driver")]
    [InlineData("Encounter?class=EMER")]
    [InlineData("Encounter?class=http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP,http://terminology.hl7.org/CodeSystem/v3-ActCode|EMER")]
    [InlineData("Encounter?type=http://snomed.info/sct|185345009")]
    [InlineData("Patient?telecom=555-866-2259")]
    [InlineData("Patient?phone=555-866-2259,555-413-9744")]
    [InlineData("Condition?clinical-status=active")]
    [InlineData("Condition?clinical-status:not=active")]
    [InlineData("Condition?code:not=444814009,40055000")]
    [InlineData("Condition?code=http://snomed.info/sct|444814009")]
    [InlineData("Immunization?vaccine-code=http://hl7.org/fhir/sid/cvx|140")]
    [InlineData("AllergyIntolerance?criticality=low&category=food")]
    [InlineData("Patient?language=es")]
    [InlineData("Patient?language:text=span")]
    [InlineData("Observation?_tag=https://smarthealthit.org/tags|synthea-5-2019&code=8302-2")]
    [InlineData("Patient?_security=" + SyntheaSearchFixture.Restricted)]
    [InlineData("Condition?_security:not=" + SyntheaSearchFixture.Restricted)]
    [InlineData("Patient?_id={Patient:0},{Patient:3}")]
    [InlineData("Observation?_id={Observation:5}")]
    public Task Token_parameters_match_system_and_code_and_their_modifiers(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Observation?_profile=" + SyntheaSearchFixture.ProfileBase + "observation")]
    [InlineData("Condition?_profile:below=http://hl7.org/fhir/us/core/StructureDefinition")]
    [InlineData("Encounter?_profile:above=" + SyntheaSearchFixture.ProfileBase + "encounter/extra")]
    [InlineData("Patient?_profile:missing=true")]
    [InlineData("Patient?_id:missing=false")]
    [InlineData("Patient?death-date:missing=false")]
    [InlineData("Patient?death-date:missing=true")]
    [InlineData("Encounter?reason-code:missing=true")]
    [InlineData("Observation?value-quantity:missing=true")]
    [InlineData("Observation?component-code:missing=false")]
    [InlineData("CarePlan?date:missing=false")]
    [InlineData("Condition?abatement-date:missing=false")]
    [InlineData("DiagnosticReport?result:missing=false")]
    public Task Uri_parameters_and_the_missing_modifier_match_as_specified(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Observation?subject=Patient/{Patient:0}")]
    [InlineData("Observation?subject:Patient={Patient:1}")]
    [InlineData("Observation?patient={Patient:2}")]
    [InlineData("Observation?subject={base}/Patient/{Patient:3}")]
    [InlineData("Observation?encounter={Encounter:3}")]
    [InlineData("Observation?encounter=Encounter/{Encounter:3},Encounter/{Encounter:40}")]
    [InlineData("Observation?subject:identifier=https://github.com/synthetichealth/synthea|" + Brett)]
    [InlineData("Encounter?subject:identifier=" + Brett)]
    [InlineData("Encounter?service-provider:Organization={Organization:1}")]
    [InlineData("Encounter?participant:Practitioner={Practitioner:1}")]
    [InlineData("Encounter?practitioner={Practitioner:2}")]
    [InlineData("Claim?encounter={Encounter:2}")]
    [InlineData("MedicationRequest?requester=Practitioner/{Practitioner:0}")]
    [InlineData("ExplanationOfBenefit?claim={Claim:3}")]
    public Task Reference_parameters_match_by_id_type_url_and_identifier(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Patient?family:exact=alcántar")]
    [InlineData("Patient?family:exact=Alcantar")]
    [InlineData("Patient?family=oepp")]
    [InlineData("Observation?code=|8302-2")]
    [InlineData("Observation?subject:Practitioner={Patient:0}")]
    [InlineData("Patient?birthdate=1988-03-17")]
    public async Task Queries_for_values_nobody_has_find_nothing(string template)
    {
        var query = fixture.Query(template);
        var answer = await ServerSearch.AllPagesAsync(Client, query);

        Assert.Empty(Oracle.MatchKeys(query));
        Assert.Null(answer.Error);
        Assert.Empty(answer.Matches);
    }

    [Fact]
    public void Every_query_in_the_tables_selects_something()
    {
        var selectsNothing = typeof(SyntheaSearchTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name != nameof(Queries_for_values_nobody_has_find_nothing))
            .SelectMany(m => m.GetCustomAttributes<InlineDataAttribute>())
            .Select(a => a.GetData(null!).Single()[0])
            .OfType<string>()
            .Where(q => q.Contains('?', StringComparison.Ordinal))
            .Where(q => Oracle.MatchKeys(fixture.Query(q)).Count == 0)
            .ToList();

        Assert.True(selectsNothing.Count == 0, "These table queries select nothing, so they test little:\n" + string.Join("\n", selectsNothing));
    }

    private async Task AssertSameMatchesAsync(string template)
    {
        var discrepancy = await DiscrepancyAsync(fixture.Query(template));
        Assert.True(discrepancy is null, discrepancy);
    }

    /// <summary>Null when the server finds exactly what the oracle expects, each once; otherwise what differs.</summary>
    private async Task<string?> DiscrepancyAsync(string query)
    {
        HashSet<string> expected;
        try
        {
            expected = Oracle.MatchKeys(query);
        }
        catch (ArgumentException e)
        {
            return $"GET {query}: the oracle cannot read it ({e.Message})";
        }

        var answer = await ServerSearch.AllPagesAsync(Client, query);
        return answer.Error is not null ? $"GET {query}: {answer.Error}" : Difference(query, expected, answer.Matches);
    }

    private static string? Difference(string query, HashSet<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).ToList();
        var unexpected = actual.Distinct().Except(expected).ToList();
        var repeated = actual.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count == 0 && unexpected.Count == 0 && repeated.Count == 0)
        {
            return null;
        }

        static string Some(List<string> ids) => ids.Count == 0 ? "none" : $"{ids.Count} ({string.Join(", ", ids.Take(4))}{(ids.Count > 4 ? ", ..." : string.Empty)})";
        return $"GET {query}: expected {expected.Count}, server found {actual.Count}; missing {Some(missing)}; unexpected {Some(unexpected)}; repeated {Some(repeated)}";
    }
}

public sealed class SqliteSyntheaSearchTests(SqliteSyntheaSearchFixture fixture) : SyntheaSearchTests(fixture), IClassFixture<SqliteSyntheaSearchFixture>;

public sealed class PostgresSyntheaSearchTests(PostgresSyntheaSearchFixture fixture) : SyntheaSearchTests(fixture), IClassFixture<PostgresSyntheaSearchFixture>;
