using Bunit;
using Leodis.Web.Patients;

namespace Leodis.Web.Tests.Patients;

public sealed class FindPatientPageTests
{
    [Fact]
    public async Task An_NHS_number_with_a_wrong_check_digit_is_refused_without_searching()
    {
        await using var context = await RecordContext.CreateAsync();
        var page = context.Render<FindPatientPage>();

        page.Find("#nhs-number").Change("943 476 5918");
        page.Find("#nhs-number").Closest("form")!.Submit();

        Assert.Contains("check digit is wrong", page.Find("#nhs-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("#nhs-number").GetAttribute("aria-invalid"));
        Assert.Empty(context.Host.Audited);
    }

    [Fact]
    public async Task An_NHS_number_typed_with_spaces_finds_the_patient_and_the_search_is_audited_naming_them()
    {
        await using var context = await RecordContext.CreateAsync();
        var (patient, practice) = TestRecord.Patient("9990000050");
        await context.PutAsync(practice, patient);
        var page = context.Render<FindPatientPage>();

        page.Find("#nhs-number").Change(" 999 000 0050 ");
        await page.Find("#nhs-number").Closest("form")!.SubmitAsync();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        var row = page.Find("tbody tr");
        Assert.Equal("SMITH, Anne Marie (Mrs)", row.QuerySelector("th a")!.TextContent);
        Assert.Equal($"patients/{patient.Id}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Contains("999 000 0050", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("15-Mar-1950", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("LS8 4EX", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chapel Allerton Surgery", row.TextContent, StringComparison.Ordinal);
        Assert.True(context.Host.EveryReadNames(patient.Id));
    }

    [Fact]
    public async Task Family_name_and_date_of_birth_find_the_patient()
    {
        await using var context = await RecordContext.CreateAsync();
        var (patient, practice) = TestRecord.Patient(birthDate: "1961-07-04");
        await context.PutAsync(practice, patient);
        var page = context.Render<FindPatientPage>();

        page.Find("#family").Change("smith");
        page.Find("#birth-date").Change("04/07/1961");
        await page.Find("#family").Closest("form")!.SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("tbody tr a"), a => a.GetAttribute("href") == $"patients/{patient.Id}"));
    }

    [Fact]
    public async Task A_record_the_user_may_not_see_reads_exactly_like_no_record()
    {
        await using var context = await RecordContext.CreateAsync();
        context.Host.Policy = HiddenPolicy.Clinician();
        var (patient, practice) = TestRecord.Patient("9990000069");
        await context.PutAsync(practice, patient);

        string Search(string nhs)
        {
            var page = context.Render<FindPatientPage>();
            page.Find("#nhs-number").Change(nhs);
            page.Find("#nhs-number").Closest("form")!.Submit();
            return page.WaitForElement("#no-results").TextContent;
        }

        Assert.Equal(Search("9990000077"), Search("999 000 0069"));
    }
}
