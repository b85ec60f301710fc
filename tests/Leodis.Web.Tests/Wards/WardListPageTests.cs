using Bunit;
using Hl7.Fhir.Model;
using Leodis.Fhir.Rest;
using Leodis.Web.Observations;
using Leodis.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Web.Tests.Wards;

/// <summary>The ward list and whiteboard against a real engine and SQLite store, read as a nurse at the trust.</summary>
public sealed class WardListPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async System.Threading.Tasks.Task The_ward_list_shows_each_patients_latest_score_when_the_next_set_is_due_overdue_sets_and_open_tasks()
    {
        await using var fixture = await WardFixture.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        var (settled, settledStay) = await fixture.AdmitAsync("Okoro", "Ada", "9990001235", 1, now.AddDays(-3));
        var (unwell, unwellStay) = await fixture.AdmitAsync("Hussain", "Imran", "9990003458", 2, now.AddHours(-20));

        // Bed 01: an older set scoring 4, then NEWS2 2 five hours ago, so (4-hourly) the next set is overdue.
        await RecordAsync(fixture, settled, settledStay, now.AddHours(-9), Normal with { RespirationRate = 22, Pulse = 95, Temperature = 38.5m });
        await RecordAsync(fixture, settled, settledStay, now.AddHours(-5), Normal with { RespirationRate = 22 });

        // Bed 02: a single 3 twenty minutes ago (hourly), with its escalation task open.
        var due = await RecordAsync(fixture, unwell, unwellStay, now.AddMinutes(-20), Normal with { RespirationRate = 26 });

        await using var context = fixture.NewContext();
        var page = context.Render<WardListPage>(p => p.Add(x => x.LocationId, fixture.Ward.Id));
        page.WaitForElement(".ward-table", Wait);

        var rows = page.FindAll(".ward-table tbody tr");
        Assert.Equal(2, rows.Count);
        var first = rows[0].TextContent;
        Assert.Contains("Bed 01", first, StringComparison.Ordinal);
        Assert.Contains("OKORO, Ada", first, StringComparison.Ordinal);
        Assert.Contains("999 000 1235", first, StringComparison.Ordinal);
        Assert.Equal("2", rows[0].QuerySelector(".news2-total")?.TextContent);
        Assert.Contains("Low risk", first, StringComparison.Ordinal);
        Assert.Contains("Overdue", first, StringComparison.Ordinal);
        Assert.Contains("3 days", first, StringComparison.Ordinal);
        Assert.Contains("None", rows[0].QuerySelector(".ward-tasks")?.TextContent, StringComparison.Ordinal);

        var second = rows[1].TextContent;
        Assert.Equal("3", rows[1].QuerySelector(".news2-total")?.TextContent);
        Assert.Contains("3 in one parameter", second, StringComparison.Ordinal);
        Assert.Contains(LondonTime.Time(due), rows[1].QuerySelector(".ward-due")?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Overdue", second, StringComparison.Ordinal);
        Assert.Equal("1 open task", rows[1].QuerySelector(".ward-task-count")?.TextContent);
        Assert.Contains("Escalation (urgent)", rows[1].QuerySelector(".ward-escalation")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 set of observations overdue", page.Find(".ward-summary").TextContent, StringComparison.Ordinal);

        Assert.Contains(fixture.Host.Audited, a => a is { User: "nurse.okafor", Method: "GET", Path: "Encounter", Status: 200 });
        Assert.Contains(fixture.Host.Audited, a => a is { User: "nurse.okafor", Method: "GET", Path: "Observation", Status: 200 });
        Assert.Contains(fixture.Host.Audited, a => a is { User: "nurse.okafor", Method: "GET", Path: "Task", Status: 200 });
    }

    [Fact]
    public async System.Threading.Tasks.Task The_whiteboard_refreshes_at_once_when_an_eobs_is_saved_and_announces_the_change()
    {
        await using var fixture = await WardFixture.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        var (patient, stay) = await fixture.AdmitAsync("Brennan", "Ciara", "9990002346", 5, now.AddDays(-1));
        await RecordAsync(fixture, patient, stay, now.AddHours(-1), Normal);
        await using var context = fixture.NewContext();
        var board = context.Render<WardWhiteboardPage>(p => p
            .Add(x => x.LocationId, fixture.Ward.Id)
            .Add(x => x.RefreshEvery, TimeSpan.FromHours(1)));
        board.WaitForElement(".ward-table", Wait);
        Assert.Equal("0", board.Find(".news2-total").TextContent);

        await RecordAsync(fixture, patient, stay, DateTimeOffset.UtcNow, Normal with { RespirationRate = 26, Pulse = 135, SystolicBloodPressure = 88 });
        context.Services.GetRequiredService<WardChanges>().Publish(patient.Id);

        board.WaitForAssertion(() => Assert.Equal("9", board.Find(".news2-total").TextContent), Wait);
        Assert.Contains("Bed 05: NEWS2 now 9, high risk.", board.Find(".whiteboard-changes").TextContent, StringComparison.Ordinal);
        Assert.Equal("polite", board.Find(".whiteboard-changes").GetAttribute("aria-live"));
        Assert.Contains("Escalation (stat)", board.Find(".ward-escalation").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_wards_page_lists_wards_by_site_and_not_clinics()
    {
        await using var fixture = await WardFixture.CreateAsync();
        await fixture.SeedAsync(new Location
        {
            Name = "Cardiology Outpatients",
            Status = Location.LocationStatus.Active,
            Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HU", "Hospital unit")],
            PhysicalType = new CodeableConcept("http://terminology.hl7.org/CodeSystem/location-physical-type", "area", "Area"),
        });
        await using var context = fixture.NewContext();
        var page = context.Render<WardsPage>();
        page.WaitForElement(".ward-choices", Wait);

        Assert.Equal("ST JAMES'S UNIVERSITY HOSPITAL", page.Find("h2").TextContent);
        Assert.Equal($"wards/{fixture.Ward.Id}", page.Find(".ward-choices a").GetAttribute("href"));
        Assert.DoesNotContain("Outpatients", page.Markup, StringComparison.Ordinal);
    }

    private static readonly News2Inputs Normal = new()
    {
        RespirationRate = 16, OxygenSaturation = 97, AirOrOxygen = AirOrOxygen.Air, SystolicBloodPressure = 130,
        DiastolicBloodPressure = 80, Pulse = 75, Consciousness = Consciousness.Alert, Temperature = 37.0m,
    };

    /// <summary>Writes a set as the eObs page would, as the system; returns when the next set is due.</summary>
    private static async System.Threading.Tasks.Task<DateTimeOffset> RecordAsync(WardFixture fixture, Patient patient, Encounter stay, DateTimeOffset at, News2Inputs inputs)
    {
        var context = new ObservationContext(
            new ResourceReference($"Patient/{patient.Id}"), new ResourceReference($"Encounter/{stay.Id}"), new ResourceReference { Display = "A nurse" }, LondonTime.ToLocal(at));
        var recording = EobsRecording.Create(inputs, context, () => Guid.NewGuid().ToString());
        var task = recording.EscalationTask(new ResourceReference($"Organization/{fixture.Trust.Id}"), Guid.NewGuid().ToString());
        await fixture.Engine.ExecuteAsync(new FhirRequest("POST", string.Empty, [], EobsTransaction.Create(recording, task)), "http://localhost/fhir", CancellationToken.None);
        var taken = DateTimeOffset.Parse(context.EffectiveDateTime.Value, System.Globalization.CultureInfo.InvariantCulture);
        return recording.Score.Response!.NextObservationsDue(taken);
    }
}
