using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// What every signed-in page shares: the header with the user and position, sign-out, the redirect to sign-in and back,
/// and the audit of what was looked at.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class SignedInPageTests(BrowserServer server)
{

    [Fact]
    public async Task The_header_shows_who_is_signed_in_and_in_which_position()
    {
        await using var session = await OpenAsync();

        await session.SignInAsync("coordinator.ali", organization: "RY6");

        await Expect(session.Page.Locator(".session .who")).ToHaveTextAsync("Samira Ali");
        await Expect(session.Page.Locator(".session .position")).ToContainTextAsync("(RY6)");
        await Expect(session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Find a patient" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("header");
        session.AssertEveryRequestStayedOnTheServer();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var session = await OpenAsync();
        await session.SignInAsync("nurse.okafor");

        var signOut = session.Page.WaitForResponseAsync(session.Server.Origin + "/signout");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.Equal(302, (await signOut).Status);

        await Expect(session.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have signed out.");
        Assert.False(await session.HasSessionCookieAsync());
        await session.ScreenshotAsync("signed-out");
        await session.Page.GotoAsync("/patients");
        await Expect(session.Page).ToHaveURLAsync(new Regex(@"/signin\?returnUrl="));
    }

    [Fact]
    public async Task A_visit_without_signing_in_goes_to_sign_in_and_back_after_it()
    {
        await using var session = await OpenAsync();

        await session.Page.GotoAsync("/patients/x");

        await Expect(session.Page).ToHaveURLAsync(new Regex(@"/signin\?returnUrl=%2Fpatients%2Fx$", RegexOptions.IgnoreCase));
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Leodis" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("redirected");
        await session.FillSignInAsync("dr.patel", BrowserSession.DemoPassword);
        await Expect(session.Page).ToHaveURLAsync(new Regex(@"/patients/x$"));
        session.AssertEveryRequestStayedOnTheServer();
    }

    [Fact]
    public async Task Opening_a_patient_is_audited_naming_the_user_and_the_patient()
    {
        var patient = await DemoInpatient.FindAsync(server.Server, "dr.patel");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var session = await OpenAsync();
        await session.SignInAsync("dr.patel");

        await session.Page.GotoAsync($"/patients/{patient.Id}");
        await Expect(session.Page.GetByRole(AriaRole.Region, new() { Name = "Patient details" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("summary");

        // The summary reads with searches (action E), each naming the patient it touched.
        await new AuditTrailQuery(server.Server).AssertViewedAsync("dr.patel", since, patient.Id);
    }

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => server.NewSessionAsync(test);
}
