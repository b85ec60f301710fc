using Bunit;
using Hl7.Fhir.Model;
using Leodis.Web.Observations;
using Leodis.Web.Tests.Wards;

namespace Leodis.Web.Tests.Observations;

/// <summary>The eObs page against a real engine and SQLite store: live NEWS2, and what saving writes.</summary>
public sealed class EobsPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async System.Threading.Tasks.Task Values_scoring_7_show_7_high_and_saving_writes_the_observations_the_score_and_an_escalation_task()
    {
        await using var fixture = await WardFixture.CreateAsync();
        var (patient, encounter) = await fixture.AdmitAsync("Okoro", "Ada", "9990001235", 1, DateTimeOffset.UtcNow.AddDays(-2));
        await using var context = fixture.NewContext();
        var page = context.Render<EobsPage>(p => p.Add(x => x.PatientId, patient.Id));
        page.WaitForElement("#respiration-rate", Wait);
        Assert.Contains("OKORO, Ada", page.Find(".patient-banner").TextContent, StringComparison.Ordinal);
        Assert.Contains("999 000 1235", page.Find(".patient-banner").TextContent, StringComparison.Ordinal);

        // 22/min 2, SpO2 95% 1, oxygen 2, systolic 105 1, pulse 95 1, alert 0, 37.0 °C 0: NEWS2 7 with no single 3.
        Enter(page, respiration: "22", spo2: "95", oxygen: true, systolic: "105", pulse: "95", temperature: "37.0");
        var panel = page.Find(".news2-panel .news2-live").TextContent;
        Assert.Contains("7", page.Find(".news2-panel .news2-total").TextContent, StringComparison.Ordinal);
        Assert.Contains("High risk", panel, StringComparison.Ordinal);
        Assert.Contains("emergency response", panel, StringComparison.Ordinal);
        Assert.Equal("Score 2", page.Find("#respiration-rate-score").TextContent);

        page.Find("form.eobs-form").Submit();
        page.WaitForAssertion(() => Assert.Contains("escalation task was created", page.Find(".eobs-saved").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("High risk", page.Find(".eobs-saved").TextContent, StringComparison.Ordinal);
        Assert.Contains("next observations due at", page.Find(".eobs-saved").TextContent, StringComparison.OrdinalIgnoreCase);

        var observations = await fixture.SearchAsSystemAsync<Observation>($"subject=Patient/{patient.Id}");
        Assert.Equal(8, observations.Count);
        Assert.All(observations, o => Assert.Equal($"Encounter/{encounter.Id}", o.Encounter?.Reference));
        var score = Assert.Single(observations, News2ScoreObservation.IsNews2Score);
        Assert.Equal(7, News2ScoreObservation.Read(score)?.Total);
        var task = Assert.Single(await fixture.SearchAsSystemAsync<Hl7.Fhir.Model.Task>($"subject=Patient/{patient.Id}"));
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Requested, task.Status);
        Assert.Equal(RequestPriority.Stat, task.Priority);
        Assert.Equal($"Observation/{score.Id}", task.Focus?.Reference);
        Assert.StartsWith("CareTeam/", task.Owner?.Reference, StringComparison.Ordinal);
        Assert.Contains(fixture.Host.Audited, a => a is { User: "nurse.okafor", Method: "POST", Path: "", Status: 200 });
        // The banner's search (Patient?_id=... with its includes) is the page's audited look at the patient.
        Assert.Contains(fixture.Host.Audited, a => a is { User: "nurse.okafor", Method: "GET", Path: "Patient" });
    }

    [Fact]
    public async System.Threading.Tasks.Task A_score_of_2_creates_no_task()
    {
        await using var fixture = await WardFixture.CreateAsync();
        var (patient, _) = await fixture.AdmitAsync("Brennan", "Ciara", "9990002346", 2, DateTimeOffset.UtcNow.AddDays(-1));
        await using var context = fixture.NewContext();
        var page = context.Render<EobsPage>(p => p.Add(x => x.PatientId, patient.Id));
        page.WaitForElement("#respiration-rate", Wait);

        Enter(page, respiration: "22", spo2: "97", oxygen: false, systolic: "130", pulse: "80", temperature: "37.0");
        Assert.Contains("Low risk", page.Find(".news2-panel").TextContent, StringComparison.Ordinal);
        page.Find("form.eobs-form").Submit();
        page.WaitForAssertion(() => Assert.Contains("No escalation task was needed", page.Find(".eobs-saved").TextContent, StringComparison.Ordinal), Wait);

        Assert.Empty(await fixture.SearchAsSystemAsync<Hl7.Fhir.Model.Task>($"subject=Patient/{patient.Id}"));
        var score = Assert.Single(await fixture.SearchAsSystemAsync<Observation>($"subject=Patient/{patient.Id}"), News2ScoreObservation.IsNews2Score);
        Assert.Equal(2, News2ScoreObservation.Read(score)?.Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_single_3_creates_an_urgent_escalation_task()
    {
        await using var fixture = await WardFixture.CreateAsync();
        var (patient, _) = await fixture.AdmitAsync("Hussain", "Imran", "9990003458", 3, DateTimeOffset.UtcNow.AddHours(-20));
        await using var context = fixture.NewContext();
        var page = context.Render<EobsPage>(p => p.Add(x => x.PatientId, patient.Id));
        page.WaitForElement("#respiration-rate", Wait);

        // A respiration rate of 25 scores 3; everything else 0.
        Enter(page, respiration: "25", spo2: "97", oxygen: false, systolic: "130", pulse: "80", temperature: "37.0");
        Assert.Contains("3 in one parameter", page.Find(".news2-panel").TextContent, StringComparison.Ordinal);
        page.Find("form.eobs-form").Submit();
        page.WaitForAssertion(() => Assert.Contains("escalation task was created", page.Find(".eobs-saved").TextContent, StringComparison.Ordinal), Wait);

        var task = Assert.Single(await fixture.SearchAsSystemAsync<Hl7.Fhir.Model.Task>($"subject=Patient/{patient.Id}"));
        Assert.Equal(RequestPriority.Urgent, task.Priority);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_impossible_value_is_explained_at_its_field_and_nothing_is_saved()
    {
        await using var fixture = await WardFixture.CreateAsync();
        var (patient, _) = await fixture.AdmitAsync("Walker", "Tom", "9990004560", 4, DateTimeOffset.UtcNow.AddHours(-5));
        await using var context = fixture.NewContext();
        var page = context.Render<EobsPage>(p => p.Add(x => x.PatientId, patient.Id));
        page.WaitForElement("#spo2", Wait);

        page.Find("#spo2").Input("120");
        Assert.Equal("true", page.Find("#spo2").GetAttribute("aria-invalid"));
        Assert.Contains("spo2-error", page.Find("#spo2").GetAttribute("aria-describedby"), StringComparison.Ordinal);
        page.Find("form.eobs-form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Not saved", page.Find("[role=alert]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(await fixture.SearchAsSystemAsync<Observation>($"subject=Patient/{patient.Id}"));
    }

    private static void Enter(IRenderedComponent<EobsPage> page, string respiration, string spo2, bool oxygen, string systolic, string pulse, string temperature)
    {
        page.Find("#respiration-rate").Input(respiration);
        page.Find("#spo2").Input(spo2);
        page.Find(oxygen ? "#on-oxygen" : "#on-air").Change(true);
        page.Find("#systolic").Input(systolic);
        page.Find("#pulse").Input(pulse);
        page.Find("#acvpu-alert").Change(true);
        page.Find("#temperature").Input(temperature);
    }
}
