using Bunit;
using Leodis.Web.Patients;
using Leodis.Web.Trends;

namespace Leodis.Web.Tests.Patients;

/// <summary>The banner, read through the record as a page reads it (the timeline's frame), and the audit of that read.</summary>
public sealed class PatientBannerTests
{
    [Fact]
    public async Task The_banner_shows_FAMILY_name_NHS_number_3_3_4_date_of_birth_age_gender_address_and_GP()
    {
        await using var context = await RecordContext.CreateAsync();
        var (patient, practice) = TestRecord.Patient(verification: "03");
        await context.PutAsync(practice, patient);

        var page = context.Render<ResultsPage>(p => p.Add(c => c.Id, patient.Id));

        page.WaitForAssertion(() => Assert.Equal("SMITH, Anne Marie (Mrs)", page.Find("[data-testid=banner-name]").TextContent));
        Assert.Contains("943 476 5919", page.Find("[data-testid=banner-nhs]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Not verified: Trace required", page.Find("[data-testid=banner-nhs-unverified]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("15-Mar-1950", page.Find("[data-testid=banner-born]").TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\(\d+ years\)$", page.Find("[data-testid=banner-age]").TextContent);
        Assert.Equal("Female", page.Find("[data-testid=banner-gender]").TextContent);
        Assert.Equal("12 Harehills Lane, Leeds, LS8 4EX", page.Find("[data-testid=banner-address]").TextContent);
        Assert.Equal("Chapel Allerton Surgery", page.Find("[data-testid=banner-gp]").TextContent);
        Assert.True(context.Host.EveryReadNames(patient.Id));
    }

    [Fact]
    public async Task No_known_allergies_differs_from_allergies_not_recorded_and_from_a_list_of_allergies()
    {
        await using var context = await RecordContext.CreateAsync();
        var (none, practice) = TestRecord.Patient();
        var (nka, _) = TestRecord.Patient();
        var (allergic, _) = TestRecord.Patient();
        nka.GeneralPractitioner.Clear();
        allergic.GeneralPractitioner.Clear();
        await context.PutAsync(
            practice, none, nka, allergic,
            TestRecord.Allergy(nka, AllergyStatus.NoKnownAllergy, "No known allergy"),
            TestRecord.Allergy(allergic, "294505008", "Amoxicillin allergy"),
            TestRecord.Allergy(allergic, "91935009", "Peanut allergy"));

        string Allergies(string id)
        {
            var page = context.Render<ResultsPage>(p => p.Add(c => c.Id, id));
            page.WaitForElement("[data-testid=banner-allergies]");
            return page.Find("[data-testid=banner-allergies]").TextContent;
        }

        Assert.Contains("Allergies not recorded", Allergies(none.Id), StringComparison.Ordinal);
        Assert.Contains("No known allergies", Allergies(nka.Id), StringComparison.Ordinal);
        var listed = Allergies(allergic.Id);
        Assert.Contains("Amoxicillin allergy", listed, StringComparison.Ordinal);
        Assert.Contains("Peanut allergy", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("No known", listed, StringComparison.Ordinal);
        Assert.Equal("Not recorded", context.Render<ResultsPage>(p => p.Add(c => c.Id, nka.Id)).WaitForElement("[data-testid=banner-gp]").TextContent);
    }

    [Fact]
    public async Task A_patient_the_user_may_not_see_reads_as_not_found()
    {
        await using var context = await RecordContext.CreateAsync();
        context.Host.Policy = HiddenPolicy.Clinician();
        var (patient, practice) = TestRecord.Patient();
        await context.PutAsync(practice, patient);

        var page = context.Render<ResultsPage>(p => p.Add(c => c.Id, patient.Id));

        page.WaitForAssertion(() => Assert.Equal("Patient not found", page.Find("h1").TextContent));
        Assert.Empty(page.FindAll("[data-testid=banner-name]"));
        Assert.True(context.Host.EveryReadNames(patient.Id));
    }
}
