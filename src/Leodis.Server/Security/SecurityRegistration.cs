using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Audit;
using Leodis.Server.Fhir;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security;

/// <summary>
/// Bearer-token sign-in (JWT: issuer, audience, lifetime, signature and algorithm all checked), from the built-in
/// identity provider or an external OpenID Connect issuer, and the authorization policies endpoints name.
/// </summary>
public static class SecurityRegistration
{
    /// <summary>Any signed-in user whose token names a role this server knows.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>System integration only (feeds, bulk import, operations).</summary>
    public const string Integration = "integration";

    /// <summary>Privacy officers: the audit trail and the break-glass review queue.</summary>
    public const string Privacy = "privacy";

    public static void AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AccessPolicies>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<SecurityOptions>, IServiceProvider>(Configure);
        services.AddAuthorization(authorization =>
        {
            // Bearer tokens only: the clinician UI's cookie never opens the API (a page cannot be made to call it cross-site).
            var bearer = JwtBearerDefaults.AuthenticationScheme;
            authorization.AddPolicy(SignedIn, policy => policy.AddAuthenticationSchemes(bearer).RequireAssertion(c => HasRole(c.User, c.Resource, _ => true)));
            authorization.AddPolicy(Integration, policy => policy.AddAuthenticationSchemes(bearer).RequireAssertion(c => HasRole(c.User, c.Resource, r => r.Code == Role.SystemIntegration)));
            authorization.AddPolicy(Privacy, policy => policy.AddAuthenticationSchemes(bearer).RequireAssertion(c => HasRole(c.User, c.Resource, r => r.Code == Role.PrivacyOfficer)));
        });
    }

    private static bool HasRole(System.Security.Claims.ClaimsPrincipal user, object? resource, Func<Role, bool> test)
    {
        var services = (resource as HttpContext)?.RequestServices;
        var policies = services?.GetRequiredService<AccessPolicies>();
        return policies?.RoleOf(user) is { } role && (user.Identity?.IsAuthenticated == true || role.Code == Role.SystemIntegration) && test(role);
    }

    private static void Configure(JwtBearerOptions jwt, IOptions<SecurityOptions> options, IServiceProvider services)
    {
        var security = options.Value;
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new CachingTokenHandler { MapInboundClaims = false });
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidAudience = security.Audience,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",
            RoleClaimType = security.RoleClaim,
        };
        if (security.Authority is { } authority)
        {
            jwt.Authority = authority;
            jwt.RequireHttpsMetadata = authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = security.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = services.GetRequiredService<SigningKey>().Security;
        }

        jwt.Events = new JwtBearerEvents
        {
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                var message = context.AuthenticateFailure is null
                    ? "Sign in first: send a bearer token in the Authorization header."
                    : "The bearer token is not valid (expired, not yet valid, wrongly signed, or for another issuer or audience).";
                await FhirExceptionHandler.WriteAsync(context.HttpContext, FhirException.Of(HttpStatusCode.Unauthorized, OperationOutcome.IssueType.Login, message));
            },
            OnForbidden = async context =>
            {
                // Refusals are audited too: someone tried to reach what their role does not allow.
                var http = context.HttpContext;
                try
                {
                    await http.RequestServices.GetRequiredService<AuditRecorder>().RecordAsync(
                        http, AuditFacts.Refused(http.Request.Method, $"{http.Request.Path}{http.Request.QueryString}"), http.RequestAborted);
                }
                catch (FhirException unavailable)
                {
                    await FhirExceptionHandler.WriteAsync(http, unavailable);
                    return;
                }

                await FhirExceptionHandler.WriteAsync(http, FhirException.Forbidden("Your role may not use this part of the server."));
            },
        };
    }
}
