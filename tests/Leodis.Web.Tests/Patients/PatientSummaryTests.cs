using System.Text;
using Bunit;
using Hl7.Fhir.Model;
using Leodis.Web.Patients;

namespace Leodis.Web.Tests.Patients;

public sealed class PatientSummaryTests
{
    [Fact]
    public async Task The_summary_shows_alerts_in_their_three_tiers_in_five_audited_searches_naming_the_patient()
    {
        await using var context = await RecordContext.CreateAsync();
        var (patient, practice) = TestRecord.Patient();
        await context.PutAsync(
            practice, patient,
            TestRecord.Alert(patient, "safety", "PH", "DNACPR in place"),
            TestRecord.Alert(patient, "clinical", "PM", "Falls risk"),
            TestRecord.Alert(patient, "admin", "PL", "Interpreter required"));

        var page = context.Render<PatientSummary>(p => p.Add(c => c.PatientId, patient.Id));

        page.WaitForElement("[data-testid=summary-alerts]");
        Assert.Contains("DNACPR in place", page.Find("[data-testid=tier-high]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Falls risk", page.Find("[data-testid=tier-clinical]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Interpreter required", page.Find("[data-testid=tier-admin]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Falls risk", page.Find("[data-testid=tier-high]").TextContent, StringComparison.Ordinal);
        Assert.Contains("High priority: DNACPR in place", page.Find("[data-testid=banner-alerts]").TextContent, StringComparison.Ordinal);
        Assert.Equal(5, context.Host.Audited.Count);
        Assert.True(context.Host.EveryReadNames(patient.Id));
    }

    [Fact]
    public async Task The_summary_lists_problems_medicines_results_with_flags_and_shows_letters_as_text_not_html()
    {
        await using var context = await RecordContext.CreateAsync();
        var (patient, practice) = TestRecord.Patient();
        var subject = new ResourceReference($"Patient/{patient.Id}");
        var letter = "<html><head><script>alert(1)</script></head><body><h1>Cardiology clinic letter</h1><p>Seen &amp; reviewed.</p><p onclick=\"x()\">Plan: <b>continue</b>.</p></body></html>";
        await context.PutAsync(
            practice, patient,
            new Condition
            {
                Id = TestRecord.NewId(), Subject = subject, Code = new CodeableConcept(TestRecord.Snomed, "38341003", "Hypertensive disorder", "Hypertension"),
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"), RecordedDate = "2019-02-01",
            },
            new Condition
            {
                Id = TestRecord.NewId(), Subject = subject, Code = new CodeableConcept(TestRecord.Snomed, "233604007", "Pneumonia", "Pneumonia"),
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved"), RecordedDate = "2021-02-01",
            },
            new MedicationStatement
            {
                Id = TestRecord.NewId(), Subject = subject, Status = MedicationStatement.MedicationStatusCodes.Active,
                Medication = new CodeableConcept("https://dmd.nhs.uk", "1", "Amlodipine 5mg tablets", "Amlodipine 5mg tablets"), Dosage = [new Dosage { Text = "One daily" }],
            },
            TestRecord.Result(patient, "2823-3", "Potassium", 6.1m, 3.5m, 5.3m, "mmol/L", DateTimeOffset.UtcNow.AddDays(-1)),
            new DocumentReference
            {
                Id = TestRecord.NewId(), Subject = subject, Status = DocumentReferenceStatus.Current, Date = DateTimeOffset.UtcNow.AddDays(-2), Description = "Cardiology clinic letter",
                Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/html", Data = Encoding.UTF8.GetBytes(letter) } }],
            });

        var page = context.Render<PatientSummary>(p => p.Add(c => c.PatientId, patient.Id));

        page.WaitForElement("[data-testid=summary-documents]");
        Assert.Contains("Hypertension", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Pneumonia", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Amlodipine 5mg tablets", page.Markup, StringComparison.Ordinal);
        var result = page.Find("[data-testid=summary-results] tbody tr");
        Assert.Contains("abnormal", result.ClassName, StringComparison.Ordinal);
        Assert.Contains("H High", result.TextContent, StringComparison.Ordinal);
        var text = page.Find("[data-testid=summary-documents] .letter-text");
        Assert.Equal(["Cardiology clinic letter", "Seen & reviewed.", "Plan: continue ."], text.Children.Select(c => c.TextContent));
        Assert.Empty(text.QuerySelectorAll("script, b, [onclick]"));
        Assert.DoesNotContain("alert(1)", page.Markup, StringComparison.Ordinal);
        Assert.True(context.Host.EveryReadNames(patient.Id));
    }
}
