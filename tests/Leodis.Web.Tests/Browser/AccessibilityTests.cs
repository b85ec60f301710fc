using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// Every page of the clinician UI against the WCAG 2.2 AA rules a browser can decide (accessibility-check.js: names of
/// controls, links and charts, one h1, table headers, language, text contrast), at desktop and at tablet width, and
/// the keyboard's first stop is the skip link.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AccessibilityTests(BrowserServer server)
{
    private static readonly string Check = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Browser", "accessibility-check.js"));

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(768, 1024)]
    public async Task Every_page_passes_the_automatic_accessibility_checks(int width, int height)
    {
        var patient = await DemoInpatient.FindAsync(server.Server, "dr.patel");
        await using var session = await OpenAsync($"accessibility-{width}");
        await session.Page.SetViewportSizeAsync(width, height);
        await session.SignInAsync("dr.patel");
        var problems = new List<string>();

        async Task VisitAsync(string path, string name, ILocator ready)
        {
            await session.Page.GotoAsync(path);
            await Expect(ready).ToBeVisibleAsync();
            problems.AddRange((await session.Page.EvaluateAsync<string[]>(Check)).Select(p => $"{name}: {p}"));
            await session.ScreenshotAsync($"{width}-{name}");
        }

        ILocator Heading(string name) => session.Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 });
        await VisitAsync("/patients", "find", Heading("Find a patient"));
        await VisitAsync($"/patients/{patient.Id}", "summary", session.Page.GetByRole(AriaRole.Heading, new() { Name = "Active problems" }));
        await VisitAsync($"/patients/{patient.Id}/timeline", "timeline", Heading("Timeline"));
        await VisitAsync($"/patients/{patient.Id}/results", "results", Heading("Results and trends"));
        await VisitAsync($"/patients/{patient.Id}/results/9279-1", "trend", session.Page.Locator("svg[role=img]"));
        await VisitAsync($"/patients/{patient.Id}/eobs", "eobs", Heading("Record observations"));
        await VisitAsync("/wards", "wards", Heading("Wards"));
        var ward = session.Page.Locator("main a[href^='wards/']").First;
        var wardPath = "/" + await ward.GetAttributeAsync("href");
        await VisitAsync(wardPath, "ward", session.Page.Locator("main h1"));
        await VisitAsync(wardPath + "/whiteboard", "whiteboard", session.Page.Locator("main h1"));
        await VisitAsync("/my-patients", "my-patients", Heading("My patients"));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Moving_to_a_page_puts_the_keyboard_at_its_heading_and_the_skip_link_comes_first()
    {
        await using var session = await OpenAsync();
        await session.SignInAsync("nurse.okafor");
        var heading = session.Page.GetByRole(AriaRole.Heading, new() { Name = "Find a patient", Level = 1 });
        await Expect(heading).ToBeFocusedAsync();

        await session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Wards" }).ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Wards", Level = 1 })).ToBeFocusedAsync();

        // From the top of the document, the first stop is the skip link, and it lands on the page's content.
        var first = await session.Page.EvaluateAsync<string>(
            "() => document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex=\"-1\"])').textContent.trim()");
        Assert.Equal("Skip to main content", first);
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" }).FocusAsync();
        await session.Page.Keyboard.PressAsync("Enter");
        await Expect(session.Page.Locator("main#main")).ToBeFocusedAsync();
    }

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => server.NewSessionAsync(test);
}
