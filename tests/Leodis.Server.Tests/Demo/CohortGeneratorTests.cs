using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Identifiers;
using Leodis.Server.Demo;
using Leodis.Web.Patients;
using static Leodis.Server.Tests.Demo.GeneratedCohort;

namespace Leodis.Server.Tests.Demo;

/// <summary>The synthetic cohort: deterministic, strictly valid FHIR, closed under reference, and UK Core-shaped.</summary>
public sealed class CohortGeneratorTests
{
    [Fact]
    public void The_same_seed_size_and_date_give_byte_identical_output()
    {
        var first = Ndjson(Generate(40, seed: 42));
        var second = Ndjson(Generate(40, seed: 42));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_other_patients_but_the_same_hospital()
    {
        var a = Generate(5, seed: 1);
        var b = Generate(5, seed: 2);

        Assert.Equal(FhirFormat.ToJson(a[0].Bundle), FhirFormat.ToJson(b[0].Bundle));
        Assert.NotEqual(All<Patient>(a).Select(p => p.Id), All<Patient>(b).Select(p => p.Id));
    }

    [Fact]
    public void A_patient_is_the_same_whatever_the_cohort_size_and_starting_point()
    {
        var small = Generate(10, seed: 42).Single(b => b.PatientIndex == 6);
        var large = Generate(30, seed: 42).Single(b => b.PatientIndex == 6);
        var extended = Generate(3, seed: 42, firstPatient: 5).Single(b => b.PatientIndex == 6);

        Assert.Equal(FhirFormat.ToJson(small.Bundle), FhirFormat.ToJson(large.Bundle));
        Assert.Equal(FhirFormat.ToJson(small.Bundle), FhirFormat.ToJson(extended.Bundle));
    }

    [Fact]
    public void Every_generated_bundle_and_so_every_resource_parses_with_the_strict_parser()
    {
        foreach (var bundle in Bundles)
        {
            // Strict parsing of the bundle parses each entry's resource strictly: an unknown element, a bad value or a
            // missing required element anywhere fails it with a 400 FhirException.
            var parsed = (Bundle)FhirFormat.ParseJson(FhirFormat.ToJson(bundle.Bundle));
            Assert.Equal(bundle.Bundle.Entry.Count, parsed.Entry.Count);
        }
    }

    [Fact]
    public void Every_reference_resolves_within_the_output_and_every_id_is_unique()
    {
        var ids = Resources(Bundles).Select(r => $"{r.TypeName}/{r.Id}").ToList();
        var known = ids.ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ids.Count, known.Count);
        var dangling = Resources(Bundles).SelectMany(References).Where(r => !known.Contains(r)).Distinct().ToList();
        Assert.Empty(dangling);
    }

    [Fact]
    public void Every_entry_is_a_put_to_its_own_type_and_id()
    {
        foreach (var entry in Bundles.SelectMany(b => b.Bundle.Entry))
        {
            Assert.Equal(Bundle.HTTPVerb.PUT, entry.Request.Method);
            Assert.Equal($"{entry.Resource.TypeName}/{entry.Resource.Id}", entry.Request.Url);
            Assert.Equal($"urn:uuid:{entry.Resource.Id}", entry.FullUrl);
        }
    }

    [Fact]
    public void Patients_have_distinct_valid_test_range_nhs_numbers_with_verification_status_and_hospital_numbers()
    {
        var patients = All<Patient>(Bundles).ToList();
        var nhs = patients.Select(p => p.Identifier.Single(i => i.System == NhsNumber.System)).ToList();

        Assert.Equal(150, patients.Count);
        Assert.All(nhs, i => Assert.True(NhsNumber.TryParse(i.Value, out var n) && n.IsTestNumber, i.Value));
        Assert.Equal(patients.Count, nhs.Select(i => i.Value).Distinct().Count());
        Assert.All(nhs, i => Assert.Equal("01", ((CodeableConcept)i.GetExtension(
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus").Value).Coding[0].Code));
        var hospitalNumbers = patients.Select(p => p.Identifier.Single(i => i.Type?.Coding[0].Code == "MR").Value).ToList();
        Assert.Equal(patients.Count, hospitalNumbers.Distinct().Count());
        Assert.All(patients, p => Assert.StartsWith("LS", p.Address[0].PostalCode, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_resource_claims_its_uk_core_profile_and_is_labelled_as_test_data()
    {
        foreach (var resource in Resources(Bundles))
        {
            Assert.StartsWith("https://fhir.hl7.org.uk/StructureDefinition/UKCore-", Assert.Single(resource.Meta.Profile), StringComparison.Ordinal);
            Assert.Contains(resource.Meta.Security, s => s.Code == "HTEST");
        }
    }

    [Fact]
    public void The_cohort_holds_what_a_demo_hospital_needs()
    {
        var resources = Resources(Bundles).ToList();

        Assert.Contains(resources.OfType<AllergyIntolerance>(), a => a.Code.Coding[0].Code == "716186003");
        Assert.Contains(resources.OfType<Encounter>(), e => e.Class.Code == "IMP" && e.Status == Encounter.EncounterStatus.InProgress);
        Assert.Contains(resources.OfType<Encounter>(), e => e.Class.Code == "EMER");
        Assert.Contains(resources.OfType<Encounter>(), e => e.Class.Code == "AMB");
        Assert.Contains(resources.OfType<Observation>(), o => o.Interpretation.Any(i => i.Coding[0].Code is "H" or "L"));
        Assert.Contains(resources.OfType<Condition>(), c => c.Stage.Count > 0);
        Assert.Contains(resources.OfType<Procedure>(), p => p.Code.Text.Contains("multidisciplinary", StringComparison.Ordinal));
        Assert.Contains(resources.OfType<ServiceRequest>(), s => s.Priority == RequestPriority.Urgent);
        Assert.Contains(resources.OfType<EpisodeOfCare>(), e => e.ManagingOrganization.Display.Contains("COMMUNITY", StringComparison.Ordinal));
        Assert.Contains(resources.OfType<CareTeam>(), t => t.Participant.Count >= 2);
        Assert.Contains(resources.OfType<MedicationStatement>(), m => ((CodeableConcept)m.Medication).Coding[0].System == "https://dmd.nhs.uk");
        Assert.Contains(resources.OfType<Organization>(), o => o.Identifier[0].Value == "RR8");
        Assert.Contains(resources.OfType<Organization>(), o => o.Identifier[0].Value.StartsWith("B86", StringComparison.Ordinal));
        Assert.Contains(resources.OfType<Location>(), l => l.PhysicalType.Coding[0].Code == "bd");
    }

    [Fact]
    public void Each_news2_total_is_the_sum_of_its_sub_scores_and_derives_from_seven_observations()
    {
        var news = All<Observation>(Bundles).Where(o => o.Code.Coding[0].Code == "1104051000000101").ToList();

        Assert.NotEmpty(news);
        Assert.All(news, o =>
        {
            Assert.Equal(((Quantity)o.Value).Value, o.Component.Sum(c => ((Quantity)c.Value).Value));
            Assert.Equal(7, o.Component.Count);
            Assert.Equal(7, o.DerivedFrom.Count);
        });
    }

    [Fact]
    public void Letters_are_html_attachments_linked_to_their_encounter()
    {
        var letters = All<DocumentReference>(Bundles).ToList();

        Assert.NotEmpty(letters);
        Assert.All(letters, d =>
        {
            var attachment = d.Content.Single().Attachment;
            Assert.Equal("text/html", attachment.ContentType);
            Assert.StartsWith("<!DOCTYPE html>", System.Text.Encoding.UTF8.GetString(attachment.Data), StringComparison.Ordinal);
            Assert.Single(d.Context.Encounter);
        });
    }

    [Fact]
    public void Current_inpatients_are_in_different_beds_and_nothing_happens_after_the_reference_date()
    {
        var end = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var current = All<Encounter>(Bundles).Where(e => e.Status == Encounter.EncounterStatus.InProgress).ToList();
        var beds = current.Select(e => e.Location[^1].Location.Reference).ToList();

        Assert.Equal(beds.Count, beds.Distinct().Count());
        Assert.All(current, e => Assert.Null(e.Period.End));
        Assert.All(All<Observation>(Bundles), o => Assert.True(((FhirDateTime)o.Effective).ToDateTimeOffset(TimeSpan.Zero) < end));
        Assert.All(All<Encounter>(Bundles), e => Assert.True(e.Period.StartElement.ToDateTimeOffset(TimeSpan.Zero) < end));
    }

    [Fact]
    public void The_test_range_holds_about_ten_elevenths_of_a_million_numbers() =>
        Assert.InRange(CohortGenerator.TestRangeCapacity, 900_000, 920_000);

    [Fact]
    public void A_minority_of_patients_have_alerts_and_every_tier_occurs()
    {
        var flags = All<Flag>(Bundles).ToList();
        var flagged = flags.Select(f => f.Subject.Reference).Distinct(StringComparer.Ordinal).Count();
        Assert.InRange(flagged, 1, All<Patient>(Bundles).Count() / 2);
        Assert.Equal(Enum.GetValues<AlertTier>(), flags.Select(PatientAlert.TierOf).Distinct().Order());
    }
}
