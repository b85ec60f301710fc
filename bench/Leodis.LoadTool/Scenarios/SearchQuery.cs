using System.Globalization;

namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// A named search, relative to the FHIR base. "{id}", "{nhs}", "{family}" and "{birthdate}" in <paramref name="Template"/>
/// become those of a random Patient from the setup pool.
/// </summary>
public sealed record SearchQuery(string Name, string Template)
{
    /// <summary>The built-in mix, used when no --query is given: common clinical look-ups.</summary>
    public static readonly IReadOnlyList<SearchQuery> BuiltIn =
    [
        new("patient-by-nhs-number", "Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}"),
        new("patient-by-id", "Patient?_id={id}"),
        new("patient-by-family", "Patient?family=Smith&_count=20"),
        new("patient-by-name-gender", "Patient?name=ann&gender=female&_count=20"),
        new("patient-by-birthdate", "Patient?birthdate=ge1950-01-01&birthdate=lt1951-01-01"),
        new("patient-by-postcode", "Patient?address-postalcode=LS6&_count=20"),
        new("observation-by-patient", "Observation?subject=Patient/{id}&_sort=-date&_count=50"),
        new("observation-by-code", "Observation?code=http://loinc.org|8867-4&_count=20"),
        new("condition-by-patient", "Condition?patient=Patient/{id}"),
        new("encounter-by-date", "Encounter?date=ge2020-01-01&_count=20"),
    ];

    /// <summary>
    /// The six queries of the search benchmark (issue 3), for data that has Patients with NHS numbers and records
    /// (use <c>--patients existing</c>): not part of the default mix.
    /// </summary>
    public static readonly IReadOnlyList<SearchQuery> Benchmark =
    [
        new("nhs-number", "Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}"),
        new("family-birthdate", "Patient?family={family}&birthdate={birthdate}"),
        new("observation-code-date", "Observation?subject=Patient/{id}&code=http://loinc.org|8867-4&date=ge2020-01-01&date=lt2030-01-01&_sort=-date"),
        new("encounter-status", "Encounter?patient=Patient/{id}&status=finished"),
        new("observation-chain-nhs", "Observation?subject:Patient.identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}"),
        new("condition-include-subject", "Condition?patient=Patient/{id}&_include=Condition:subject"),
    ];

    public bool UsesPatients => Template.Contains('{', StringComparison.Ordinal);

    /// <summary>A built-in query by name, or the text itself as a query (named "custom" plus its position).</summary>
    public static SearchQuery From(string nameOrQuery, int position) =>
        BuiltIn.Concat(Benchmark).FirstOrDefault(q => q.Name == nameOrQuery) ?? new SearchQuery($"custom-{position + 1}", nameOrQuery);

    public string For(PooledPatient patient) =>
        Template.Replace("{id}", Uri.EscapeDataString(patient.Id), StringComparison.Ordinal)
            .Replace("{nhs}", patient.Facts.NhsNumber, StringComparison.Ordinal)
            .Replace("{family}", Uri.EscapeDataString(patient.Facts.Family), StringComparison.Ordinal)
            .Replace("{birthdate}", patient.Facts.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
