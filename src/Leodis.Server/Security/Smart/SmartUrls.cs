using Leodis.Server.Fhir;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// Where the SMART endpoints are, as clients must name them: under the server root taken from <c>Fhir:BaseUrl</c>
/// (behind a proxy) or from the request; an external issuer's from configuration.
/// </summary>
public sealed class SmartUrls(IOptions<SecurityOptions> security, IOptions<FhirOptions> fhir)
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string LaunchPath = "/connect/launch";
    public const string JwksPath = "/.well-known/jwks.json";
    public const string ConfigurationPath = "/.well-known/smart-configuration";

    /// <summary>True when this server signs tokens itself (no external issuer) and so serves the SMART endpoints.</summary>
    public bool BuiltIn => security.Value.Enabled && security.Value.Authority is null;

    /// <summary>True when the server requires sign-in at all.</summary>
    public bool Required => security.Value.Enabled;

    public string FhirBase(HttpContext context) =>
        fhir.Value.BaseUrl?.TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{FhirEndpoints.Prefix}";

    public string? Authorize(HttpContext context) => BuiltIn ? Root(context) + AuthorizePath : security.Value.AuthorizationEndpoint;

    public string? Token(HttpContext context) => BuiltIn ? Root(context) + TokenPath : security.Value.TokenEndpoint;

    public string? Jwks(HttpContext context) => BuiltIn ? Root(context) + JwksPath : security.Value.JwksUri;

    private string Root(HttpContext context)
    {
        var fhirBase = FhirBase(context);
        return fhirBase.EndsWith(FhirEndpoints.Prefix, StringComparison.OrdinalIgnoreCase) ? fhirBase[..^FhirEndpoints.Prefix.Length] : fhirBase;
    }
}
