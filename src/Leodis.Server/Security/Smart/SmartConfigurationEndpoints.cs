using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// Discovery, open to all: <c>/.well-known/smart-configuration</c> (SMART App Launch v2), the built-in provider's public
/// signing key at <c>/.well-known/jwks.json</c>, and the security part of the CapabilityStatement.
/// </summary>
public static class SmartConfigurationEndpoints
{
    public static void MapSmartConfiguration(this IEndpointRouteBuilder app)
    {
        app.MapGet(SmartUrls.ConfigurationPath, Configuration).AllowAnonymous();
        app.MapGet(SmartUrls.JwksPath, Jwks).AllowAnonymous();
    }

    /// <summary>CapabilityStatement.rest.security: SMART-on-FHIR, with the oauth-uris extension naming authorize and token.</summary>
    public static CapabilityStatement.SecurityComponent? Security(HttpContext context, SmartUrls urls)
    {
        if (!urls.Required)
        {
            return null;
        }

        var security = new CapabilityStatement.SecurityComponent
        {
            Cors = true,
            Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR")],
            Description = "OAuth 2.0 bearer tokens (SMART App Launch v2; see /.well-known/smart-configuration).",
        };
        var oauth = new Extension { Url = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris" };
        if (urls.Authorize(context) is { } authorize)
        {
            oauth.Extension.Add(new Extension("authorize", new FhirUri(authorize)));
        }

        if (urls.Token(context) is { } token)
        {
            oauth.Extension.Add(new Extension("token", new FhirUri(token)));
        }

        if (oauth.Extension.Count > 0)
        {
            security.Extension.Add(oauth);
        }

        return security;
    }

    private static JsonHttpResult<Dictionary<string, object?>> Configuration(HttpContext context, SmartUrls urls, IOptions<SecurityOptions> options)
    {
        var document = new Dictionary<string, object?>
        {
            ["issuer"] = urls.BuiltIn ? options.Value.Issuer : options.Value.Authority,
            ["jwks_uri"] = urls.Jwks(context),
            ["authorization_endpoint"] = urls.Authorize(context),
            ["token_endpoint"] = urls.Token(context),
            ["grant_types_supported"] = new[] { "authorization_code", "client_credentials" },
            ["response_types_supported"] = new[] { "code" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt", "none" },
            ["token_endpoint_auth_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384 },
            ["scopes_supported"] = new[]
            {
                "launch", "launch/patient", "patient/*.rs", "patient/*.cruds", "user/*.rs", "user/*.cruds", "system/*.rs", "system/*.cruds",
                "patient/*.read", "user/*.read", "user/*.write", "system/*.read",
            },
            ["capabilities"] = new[]
            {
                "launch-ehr", "launch-standalone", "client-public", "client-confidential-asymmetric",
                "context-ehr-patient", "context-standalone-patient", "permission-v2", "permission-v1",
                "permission-patient", "permission-user",
            },
        };
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Json(document.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value));
    }

    private static IResult Jwks(SmartUrls urls, SigningKey key)
    {
        if (!urls.BuiltIn)
        {
            return TypedResults.NotFound();
        }

        var parameters = key.Security.Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = key.Security.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        return TypedResults.Json(new Dictionary<string, object> { ["keys"] = new[] { jwk } });
    }
}
