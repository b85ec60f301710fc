namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// A named search, relative to the FHIR base. "{id}" and "{nhs}" in <paramref name="Template"/> become the id or
/// NHS number of a random Patient created during setup.
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

    public bool UsesPatients => Template.Contains("{id}", StringComparison.Ordinal) || Template.Contains("{nhs}", StringComparison.Ordinal);

    /// <summary>A built-in query by name, or the text itself as a query (named "custom" plus its position).</summary>
    public static SearchQuery From(string nameOrQuery, int position) =>
        BuiltIn.FirstOrDefault(q => q.Name == nameOrQuery) ?? new SearchQuery($"custom-{position + 1}", nameOrQuery);

    public string For(PooledPatient patient) =>
        Template.Replace("{id}", Uri.EscapeDataString(patient.Id), StringComparison.Ordinal)
            .Replace("{nhs}", patient.NhsNumber, StringComparison.Ordinal);
}
