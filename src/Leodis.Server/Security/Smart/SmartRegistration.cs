using Leodis.Server.Fhir;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// SMART App Launch on the built-in provider: the client registry, the authorize, launch and token endpoints,
/// discovery, and CORS for registered apps' origins only. With an external issuer only discovery is served.
/// </summary>
public static class SmartRegistration
{
    public const string CorsPolicy = "smart-apps";

    /// <summary>Headers a browser app may read from FHIR answers.</summary>
    private static readonly string[] ExposedHeaders = ["Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate"];

    public static void AddSmart(this IServiceCollection services)
    {
        services.AddSingleton<SmartClients>();
        services.AddSingleton<SmartUrls>();
        services.AddSingleton<OneTimeStore<AuthorizationGrant>>();
        services.AddSingleton<OneTimeStore<EhrLaunch>>();
        services.AddSingleton<OneTimeStore<string>>();
        services.AddSingleton<ClientAssertion>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<SmartClients>((cors, clients) => cors.AddPolicy(CorsPolicy, policy => policy
            .SetIsOriginAllowed(clients.IsAllowedOrigin)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }

    /// <summary>
    /// CORS on /fhir, the token endpoint and discovery, for registered origins only; before authentication, so a
    /// preflight (which carries no token) is answered here. Other origins get no CORS headers, so browsers refuse them.
    /// </summary>
    public static void UseSmartCors(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(FhirEndpoints.Prefix, StringComparison.Ordinal) ||
                context.Request.Path.StartsWithSegments(SmartUrls.TokenPath, StringComparison.Ordinal) ||
                context.Request.Path.StartsWithSegments("/.well-known", StringComparison.Ordinal),
            branch => branch.UseCors(CorsPolicy));

    public static void MapSmart(this IEndpointRouteBuilder app)
    {
        app.MapSmartConfiguration();
        if (app.ServiceProvider.GetRequiredService<SmartUrls>().BuiltIn)
        {
            app.MapAuthorize();
            app.MapToken();
        }
    }
}
