using Hl7.Fhir.Model;
using Leodis.Fhir.Search;

namespace Leodis.Fhir.Tests.Search;

public sealed class SearchIndexTests
{
    private static readonly SearchIndexer Indexer = new(SearchParameterRegistry.Default);

    [Fact]
    public void Shared_expressions_keep_only_the_branches_of_the_type()
    {
        var expression = "AllergyIntolerance.code | (DeviceRequest.code as CodeableConcept) | Observation.code | (MedicationRequest.medication as CodeableConcept)";

        Assert.Equal("Observation.code", SearchParameterRegistry.ForType(expression, "Observation"));
        Assert.Equal("(DeviceRequest.code as CodeableConcept)", SearchParameterRegistry.ForType(expression, "DeviceRequest"));
        Assert.Equal("Patient.telecom.where(system='email')", SearchParameterRegistry.ForType("Patient.telecom.where(system='email') | Person.telecom.where(system='email')", "Patient"));
    }

    [Fact]
    public void Every_r4_type_has_the_resource_level_parameters()
    {
        foreach (var type in ModelInfo.SupportedResources)
        {
            foreach (var code in new[] { "_id", "_lastUpdated", "_tag", "_profile", "_security", "_source" })
            {
                Assert.NotNull(SearchParameterRegistry.Default.Find(type, code));
            }
        }
    }

    [Fact]
    public void Parameter_keys_never_collide()
    {
        var all = SearchParameterRegistry.Default.All.ToList();

        Assert.Equal(all.Count, all.Select(p => p.Key).Distinct().Count());
    }

    [Fact]
    public void A_patient_is_indexed_by_name_identifier_birthdate_and_gp()
    {
        var patient = new Patient
        {
            Meta = new Meta { LastUpdated = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) },
            Identifier = [new Identifier("https://fhir.nhs.uk/Id/nhs-number", "9990001234")],
            Name = [new HumanName { Family = "Ó Briain", Given = ["Seán"] }],
            BirthDate = "1970-05",
            GeneralPractitioner = [new ResourceReference("Organization/b86001")],
        };

        var index = Indexer.Index(patient);

        Assert.Contains(index.Tokens, t => t.System == "https://fhir.nhs.uk/Id/nhs-number" && t.Code == "9990001234" && t.Param == Key("identifier"));
        Assert.Contains(index.Strings, s => s.Normalized == "o briain" && s.Exact == "Ó Briain" && s.Param == Key("family"));
        Assert.Contains(index.Strings, s => s.Normalized == "sean" && s.Param == Key("given"));
        Assert.Contains(index.References, r => r.TargetType == "Organization" && r.TargetId == "b86001" && r.Param == Key("general-practitioner"));
        var birth = index.Dates.Single(d => d.Param == Key("birthdate"));
        Assert.Equal(new DateTimeOffset(1970, 5, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks, birth.Low);
        Assert.Equal(new DateTimeOffset(1970, 6, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks, birth.High);
        Assert.Contains(index.Dates, d => d.Param == Key("_lastUpdated"));
    }

    [Fact]
    public void Subject_where_resolve_is_patient_indexes_only_patient_subjects()
    {
        var forPatient = Indexer.Index(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8867-4"), Subject = new ResourceReference("Patient/1") });
        var forGroup = Indexer.Index(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8867-4"), Subject = new ResourceReference("Group/1") });
        var patientKey = SearchParameterDefinition.StableKey("Observation", "patient");

        Assert.Contains(forPatient.References, r => r.Param == patientKey && r.TargetId == "1");
        Assert.DoesNotContain(forGroup.References, r => r.Param == patientKey);
    }

    [Theory]
    [InlineData("2024", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("2024-02", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("2024-02-29T10:15+01:00", "2024-02-29T09:15:00Z", "2024-02-29T09:16:00Z")]
    [InlineData("2024-02-29T10:15:30Z", "2024-02-29T10:15:30Z", "2024-02-29T10:15:31Z")]
    public void Dates_become_ranges_by_precision(string value, string low, string high)
    {
        Assert.True(DateRange.TryParse(value, out var range));
        Assert.Equal(DateTimeOffset.Parse(low, System.Globalization.CultureInfo.InvariantCulture).UtcTicks, range.Low);
        Assert.Equal(DateTimeOffset.Parse(high, System.Globalization.CultureInfo.InvariantCulture).UtcTicks, range.High);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13")]
    [InlineData("yesterday")]
    public void Impossible_dates_are_not_dates(string value) => Assert.False(DateRange.TryParse(value, out _));

    private static int Key(string code) => SearchParameterDefinition.StableKey("Patient", code);
}
