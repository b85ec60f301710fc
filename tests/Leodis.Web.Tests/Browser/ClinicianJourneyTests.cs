using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// A clinician's whole round trip in a real browser against the real server: sign in, find a patient by NHS number,
/// open the record, record observations that score NEWS2 7, see the band and the escalation task, see the chart; and
/// every page view is in the audit trail. A screenshot per step goes to screenshots/.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ClinicianJourneyTests(BrowserServer server)
{

    [Fact]
    public async Task A_doctor_finds_a_patient_records_observations_scoring_NEWS2_7_and_sees_the_escalation_and_chart()
    {
        var patient = await DemoInpatient.FindAsync(server.Server, "dr.patel");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var session = await OpenAsync();
        var page = session.Page;

        await session.SignInAsync("dr.patel");
        await Expect(page).ToHaveURLAsync(new Regex(@"/patients$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Find a patient", Level = 1 })).ToBeVisibleAsync();
        await session.ScreenshotAsync("find-a-patient");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "NHS number" }).FillAsync(patient.NhsNumber);
        await page.GetByRole(AriaRole.Form, new() { Name = "By NHS number" }).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "1 patient found" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync(patient.SpacedNhsNumber);
        await session.ScreenshotAsync("search-results");

        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/patients/{Regex.Escape(patient.Id)}$"));
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "Patient details" });
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner.GetByTestId("banner-nhs")).ToContainTextAsync(patient.SpacedNhsNumber);
        await Expect(banner.GetByTestId("banner-name")).ToContainTextAsync(patient.Family.ToUpperInvariant());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Summary", Level = 1 })).ToBeVisibleAsync();
        await session.ScreenshotAsync("summary");

        await page.GotoAsync($"/patients/{patient.Id}/eobs");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Record observations" })).ToBeVisibleAsync();
        // Respiration 25 (3), SpO2 93% on scale 1 (2), air (0), systolic 105 (1), pulse 95 (1), alert (0), 37.0 °C (0): 7.
        await page.GetByLabel("Respiration rate").FillAsync("25");
        await page.GetByLabel("Scale 1").CheckAsync();
        await page.GetByLabel("SpO2", new() { Exact = false }).First.FillAsync("93");
        await page.GetByLabel("Air", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Systolic blood pressure").FillAsync("105");
        await page.GetByLabel("Pulse").FillAsync("95");
        await page.GetByLabel("Alert", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Temperature").FillAsync("37.0");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "NEWS2" });
        await Expect(panel.Locator(".news2-total")).ToHaveTextAsync("7");
        await Expect(panel.Locator(".news2-risk")).ToHaveTextAsync("High risk");
        await session.ScreenshotAsync("eobs-entered");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save observations" }).ClickAsync();
        var saved = page.Locator(".eobs-saved");
        await Expect(saved).ToBeVisibleAsync();
        await Expect(saved.Locator(".news2-total")).ToHaveTextAsync("7");
        await Expect(saved.Locator(".news2-risk")).ToHaveTextAsync("High risk");
        await Expect(saved).ToContainTextAsync("An escalation task was created");
        await session.ScreenshotAsync("eobs-saved");

        await page.GotoAsync($"/patients/{patient.Id}/results/9279-1");
        await Expect(page.GetByTestId("trend-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trend-table")).ToContainTextAsync("25");
        await session.ScreenshotAsync("respiration-chart");

        session.AssertEveryRequestStayedOnTheServer();
        await new AuditTrailQuery(server.Server).AssertViewedAsync("dr.patel", since, patient.Id);
    }

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => server.NewSessionAsync(test);
}
