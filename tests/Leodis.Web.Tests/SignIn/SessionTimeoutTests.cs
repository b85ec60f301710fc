using Bunit;
using Leodis.Web;
using Leodis.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Leodis.Web.Tests.SignIn;

/// <summary>An idle page warns before it signs the user out, activity keeps them in, and a shift's sign-in ends whatever.</summary>
public sealed class SessionTimeoutTests : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
    private readonly BunitContext context = new();

    public SessionTimeoutTests()
    {
        context.Services.AddSingleton<TimeProvider>(clock);
        context.Services.AddSingleton(Options.Create(new ClinicalUiOptions
        {
            IdleTimeout = TimeSpan.FromMinutes(15),
            IdleWarning = TimeSpan.FromMinutes(2),
            SessionLifetime = TimeSpan.FromHours(10),
        }));
    }

    [Fact]
    public void An_idle_page_warns_two_minutes_before_and_then_signs_out()
    {
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized("dr.patel");
        var page = context.Render<SessionTimeout>();
        var navigation = context.Services.GetRequiredService<NavigationManager>();

        Advance(TimeSpan.FromMinutes(12));
        Assert.Empty(page.FindAll(".session-warning"));
        Advance(TimeSpan.FromMinutes(1) + Tick);
        page.WaitForAssertion(() => Assert.Contains("signed out soon", page.Find(".session-warning").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("signin", navigation.Uri, StringComparison.Ordinal);

        Advance(TimeSpan.FromMinutes(2));
        page.WaitForAssertion(() => Assert.EndsWith("signin?reason=timeout", navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void Staying_signed_in_or_moving_between_pages_starts_the_idle_time_again()
    {
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized("dr.patel");
        var page = context.Render<SessionTimeout>();
        var navigation = context.Services.GetRequiredService<NavigationManager>();

        Advance(TimeSpan.FromMinutes(14));
        page.WaitForAssertion(() => page.Find(".session-warning button").Click());
        Assert.Empty(page.FindAll(".session-warning"));
        Advance(TimeSpan.FromMinutes(10));
        navigation.NavigateTo("patients");
        Advance(TimeSpan.FromMinutes(10));

        Assert.Empty(page.FindAll(".session-warning"));
        Assert.DoesNotContain("signin", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sign_in_ends_when_the_session_lifetime_is_over_even_while_busy()
    {
        var ends = clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized("dr.patel");
        authorization.SetClaims(new System.Security.Claims.Claim("session_expires", ends));
        var page = context.Render<SessionTimeout>();
        var navigation = context.Services.GetRequiredService<NavigationManager>();

        for (var minute = 0; minute < 6; minute++)
        {
            navigation.NavigateTo($"patients?minute={minute}");
            Advance(TimeSpan.FromMinutes(1));
        }

        page.WaitForAssertion(() => Assert.EndsWith("signin?reason=timeout", navigation.Uri, StringComparison.Ordinal));
    }

    public void Dispose() => context.Dispose();

    /// <summary>Moves the clock on in the timer's steps, so each check the page makes runs.</summary>
    private void Advance(TimeSpan by)
    {
        for (var gone = TimeSpan.Zero; gone < by; gone += Tick)
        {
            clock.Advance(Tick);
        }
    }
}
