using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// Signing in to the clinician UI in a real browser, against the real server. Where sign-in lands is checked by the
/// request the browser makes (GET /patients) and the session cookie, so these hold whatever page is at /patients.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class SignInTests(BrowserServer server)
{
    [Fact]
    public async Task A_clinician_signs_in_and_lands_on_find_a_patient()
    {
        await using var session = await OpenAsync();
        await session.Page.GotoAsync("/signin");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Leodis" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("signin");

        var landing = session.Page.WaitForRequestAsync(session.Server.Origin + "/patients");
        await session.FillSignInAsync("dr.patel", BrowserSession.DemoPassword);

        Assert.Equal("GET", (await landing).Method);
        Assert.True(await session.HasSessionCookieAsync());
        await session.ScreenshotAsync("patients");
        session.AssertEveryRequestStayedOnTheServer();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_and_does_not_sign_in()
    {
        await using var session = await OpenAsync();
        await session.Page.GotoAsync("/signin");

        await session.FillSignInAsync("dr.patel", "not-the-password");

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
        await Expect(session.Page.GetByLabel("User name")).ToHaveValueAsync("dr.patel");
        await Expect(session.Page.GetByLabel("User name")).ToHaveAttributeAsync("aria-describedby", "signin-error");
        Assert.False(await session.HasSessionCookieAsync());
        await session.ScreenshotAsync("error");
        session.AssertEveryRequestStayedOnTheServer();
    }

    [Fact]
    public async Task A_user_with_two_positions_chooses_the_one_they_work_in()
    {
        await using var session = await OpenAsync();
        await session.Page.GotoAsync("/signin");
        await session.FillSignInAsync("coordinator.ali", BrowserSession.DemoPassword);

        var choice = session.Page.GetByRole(AriaRole.Group, new() { Name = "You hold more than one position. Which are you working in now?" });
        await Expect(choice).ToBeVisibleAsync();
        await Expect(choice.GetByRole(AriaRole.Radio)).ToHaveCountAsync(2);
        await Expect(choice.GetByLabel(new Regex(@"\(RR8\)$"))).ToBeCheckedAsync();
        Assert.False(await session.HasSessionCookieAsync());
        await session.ScreenshotAsync("positions");

        await choice.GetByLabel(new Regex(@"\(RY6\)$")).CheckAsync();
        var landing = session.Page.WaitForRequestAsync(session.Server.Origin + "/patients");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        Assert.Equal("GET", (await landing).Method);
        Assert.True(await session.HasSessionCookieAsync());
        await session.ScreenshotAsync("signed-in");
    }

    [Fact]
    public async Task A_return_address_off_the_server_is_not_followed_after_sign_in()
    {
        await using var session = await OpenAsync();

        await session.Page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString("//example.org/phish"));
        var landing = session.Page.WaitForRequestAsync(session.Server.Origin + "/patients");
        await session.FillSignInAsync("dr.patel", BrowserSession.DemoPassword);

        await landing;
        Assert.True(await session.HasSessionCookieAsync());
        session.AssertEveryRequestStayedOnTheServer();
    }

    private Task<BrowserSession> OpenAsync([CallerMemberName] string test = "") => server.NewSessionAsync(test);
}
