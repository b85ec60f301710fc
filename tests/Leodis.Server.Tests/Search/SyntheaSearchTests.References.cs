namespace Leodis.Server.Tests.Search;

/// <summary>Searches that follow references: chains, _has (reverse chains) and _include / _revinclude.</summary>
public abstract partial class SyntheaSearchTests
{
    [Theory]
    [InlineData("Observation?subject:Patient.name=Koepp")]
    [InlineData("Observation?subject:Patient.gender=female&code=8302-2")]
    [InlineData("Observation?subject.family=Hoppe")]
    [InlineData("Observation?patient.birthdate=lt1960&code=8302-2")]
    [InlineData("Observation?subject:Patient.family=Koepp,Hoeger&code=8302-2")]
    [InlineData("Observation?subject:Patient.identifier=https://github.com/synthetichealth/synthea|" + Buster)]
    [InlineData("MedicationRequest?subject:Patient.address-city=Woburn")]
    [InlineData("Encounter?service-provider.name=norwood")]
    [InlineData("Condition?encounter.class=EMER")]
    [InlineData("DiagnosticReport?result.code=718-7")]
    [InlineData("Observation?encounter.service-provider.name=norwood")]
    [InlineData("Observation?encounter.subject:Patient.gender=female&code=29463-7")]
    [InlineData("Claim?encounter.participant:Practitioner.family=Kshlerin")]
    [InlineData("ExplanationOfBenefit?claim.encounter.class=EMER")]
    [InlineData("Observation?subject:Patient.death-date:missing=false&code=8302-2")]
    public Task Chained_parameters_select_by_what_the_reference_points_at(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Patient?_has:Condition:subject:code=40055000")]
    [InlineData("Patient?_has:Observation:subject:code=2093-3&gender=female")]
    [InlineData("Patient?_has:AllergyIntolerance:patient:criticality=low")]
    [InlineData("Patient?_has:Observation:subject:value-quantity=gt100|http://unitsofmeasure.org|kg")]
    [InlineData("Patient?_has:Condition:subject:code=40055000&_has:Observation:subject:code=2093-3")]
    [InlineData("Encounter?_has:Condition:encounter:code=444814009")]
    [InlineData("Organization?_has:Encounter:service-provider:class=EMER")]
    [InlineData("Patient?_has:Encounter:subject:_has:Condition:encounter:code=444814009")]
    [InlineData("Practitioner?_has:Encounter:participant:_has:Observation:encounter:code=2093-3")]
    public Task Has_selects_resources_that_matching_resources_refer_to(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Observation?code=http://loinc.org|39156-5&_include=Observation:subject")]
    [InlineData("Observation?code=http://loinc.org|2093-3&_include=Observation:encounter&_include:iterate=Encounter:service-provider")]
    [InlineData("Encounter?class=EMER&_include=Encounter:participant:Practitioner")]
    [InlineData("Encounter?class=EMER&_include=Encounter:*")]
    [InlineData("Condition?code=http://snomed.info/sct|444814009&_include=Condition:subject")]
    [InlineData("MedicationRequest?status=stopped&_include=MedicationRequest:requester")]
    [InlineData("Claim?_id={Claim:0},{Claim:1}&_include=Claim:encounter&_include:iterate=Encounter:subject")]
    [InlineData("Patient?_id={Patient:0}&_revinclude=Encounter:subject&_revinclude=Condition:subject")]
    [InlineData("Organization?_id={Organization:1}&_revinclude=Encounter:service-provider")]
    [InlineData("Patient?_id={Patient:3}&_revinclude=Encounter:*")]
    [InlineData("Patient?gender=female&_revinclude=AllergyIntolerance:patient&_revinclude=Goal:subject")]
    [InlineData("Patient?_id={Patient:0}&_revinclude=Encounter:subject&_revinclude:iterate=Observation:encounter")]
    [InlineData("Observation?code=http://loinc.org|8302-2&_count=10&_include=Observation:subject")]
    public async Task Includes_bring_exactly_the_referenced_and_referring_resources(string template)
    {
        var query = fixture.Query(template);
        var expected = Oracle.IncludedKeys(query);

        var answer = await ServerSearch.AllPagesAsync(Client, query);

        Assert.NotEmpty(expected);
        Assert.Null(answer.Error);
        Assert.Null(Difference(query, Oracle.MatchKeys(query), answer.Matches));
        // Each page carries the includes of its own matches, so over several pages a resource may come more than once.
        Assert.Null(Difference(query + " (the included entries)", expected, answer.Pages > 1 ? answer.Included.Distinct().ToList() : answer.Included));
    }
}
