using Leodis.Web.Components;
using Leodis.Web.Record;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Web;

/// <summary>
/// Hosting of the clinician UI: its cookie sign-in (the FHIR API keeps bearer tokens), Blazor interactive server
/// rendering, the record service pages read through, and its endpoints. The host supplies an <see cref="IClinicalHost"/>.
/// </summary>
public static class ClinicalUi
{
    /// <summary>The authentication scheme of the UI's sign-in cookie.</summary>
    public const string CookieScheme = "leodis-ui";

    /// <summary>The authorization policy every UI page requires (a cookie sign-in, never a bearer token).</summary>
    public const string Policy = "clinical-ui";

    public static IServiceCollection AddClinicalUi(this IServiceCollection services)
    {
        services.AddOptions<ClinicalUiOptions>().BindConfiguration(ClinicalUiOptions.Section).ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication().AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "leodis.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/signin";
            cookie.AccessDeniedPath = "/signin";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = false;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
        services.AddScoped<ClinicalRecord>();
        services.AddSingleton<Wards.WardChanges>();
        return services;
    }

    public static void MapClinicalUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(Policy);
        // The layout is interactive and not prerendered, so it has no antiforgery token to post. The session cookie is
        // SameSite=Strict (another site's form never carries it), and a browser must say the request came from our own
        // pages (Sec-Fetch-Site; Origin is "null" here, since every page is sent with Referrer-Policy no-referrer).
        app.MapPost("/signout", async (HttpContext context) =>
        {
            var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
            if (site.Length > 0 && site != "same-origin")
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(CookieScheme);
            return Results.Redirect("/signin?reason=signed-out");
        });
    }
}
