using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// <c>POST /connect/token</c>: redeems an authorization code (PKCE verified, same client and redirect URI, once, in
/// time) for a user's access token, or gives a backend service (client credentials, <c>private_key_jwt</c>) a token with
/// its registered role and system scopes. Every refusal is an OAuth JSON error, never a 500.
/// </summary>
public static class TokenEndpoint
{
    private static readonly string[] SystemContexts = ["system"];

    public static void MapToken(this IEndpointRouteBuilder app) =>
        app.MapPost(SmartUrls.TokenPath, TokenAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> TokenAsync(
        HttpContext context, SmartClients clients, SmartUrls urls, ClientAssertion assertions, OneTimeStore<AuthorizationGrant> codes,
        TokenIssuer issuer, IOptions<SecurityOptions> options)
    {
        try
        {
            if (!context.Request.HasFormContentType)
            {
                throw OAuthException.InvalidRequest("Send the token request as application/x-www-form-urlencoded.");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            string? Parameter(string name) => form[name] is [{ } value] ? value : null;
            var tokenEndpoint = urls.Token(context)!;
            var answer = Parameter("grant_type") switch
            {
                "authorization_code" => await RedeemCodeAsync(Parameter, clients, assertions, codes, issuer, tokenEndpoint),
                "client_credentials" => await ClientCredentialsAsync(Parameter, assertions, issuer, options.Value, tokenEndpoint),
                _ => throw new OAuthException("unsupported_grant_type", "grant_type must be authorization_code or client_credentials."),
            };
            answer["token_type"] = "Bearer";
            answer["expires_in"] = (int)options.Value.TokenLifetime.TotalSeconds;
            OAuthException.NoStore(context);
            return TypedResults.Json(answer);
        }
        catch (OAuthException error)
        {
            return error.ToResult(context);
        }
        catch (InvalidDataException)
        {
            return OAuthException.InvalidRequest("The form could not be read.").ToResult(context);
        }
    }

    private static async Task<Dictionary<string, object>> RedeemCodeAsync(
        Func<string, string?> parameter, SmartClients clients, ClientAssertion assertions, OneTimeStore<AuthorizationGrant> codes,
        TokenIssuer issuer, string tokenEndpoint)
    {
        // Taking the code spends it: a second try, right or wrong, finds nothing.
        if (parameter("code") is not { } code || !codes.TryTake(code, out var grant))
        {
            throw OAuthException.InvalidGrant("The code is unknown, used or has expired.");
        }

        var client = clients.Find(grant.ClientId) ?? throw OAuthException.InvalidGrant("The code's client is no longer registered.");
        if (client.IsConfidentialAsymmetric)
        {
            var authenticated = await assertions.ValidateAsync(parameter("client_assertion_type"), parameter("client_assertion"), parameter("client_id"), tokenEndpoint);
            if (authenticated.ClientId != grant.ClientId)
            {
                throw OAuthException.InvalidGrant("The code was issued to another client.");
            }
        }
        else if (parameter("client_id") != grant.ClientId)
        {
            throw OAuthException.InvalidGrant("The code was issued to another client.");
        }

        if (parameter("redirect_uri") != grant.RedirectUri)
        {
            throw OAuthException.InvalidGrant("redirect_uri must be the one the code was requested with.");
        }

        var verifier = parameter("code_verifier");
        if (verifier is null || verifier.Length is < 43 or > 128 ||
            !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
                Encoding.ASCII.GetBytes(grant.CodeChallenge)))
        {
            throw OAuthException.InvalidGrant("The code_verifier does not match the code_challenge.");
        }

        var user = DemoUser.Find(grant.UserName) ?? throw OAuthException.InvalidGrant("The signed-in user is no longer known.");
        var answer = new Dictionary<string, object>
        {
            ["access_token"] = issuer.Issue(user, grant.Scope, grant.Patient, grant.ClientId),
            ["scope"] = grant.Scope,
        };
        if (grant.Patient is not null)
        {
            answer["patient"] = grant.Patient;
            answer["need_patient_banner"] = true;
        }

        return answer;
    }

    private static async Task<Dictionary<string, object>> ClientCredentialsAsync(
        Func<string, string?> parameter, ClientAssertion assertions, TokenIssuer issuer, SecurityOptions options, string tokenEndpoint)
    {
        var client = await assertions.ValidateAsync(parameter("client_assertion_type"), parameter("client_assertion"), parameter("client_id"), tokenEndpoint);
        if (Role.Find(client.Role) is not { } role)
        {
            throw new OAuthException("unauthorized_client", "This client is not registered with a role, so it may not use client credentials.");
        }

        var scope = ScopeGrant.Grant(parameter("scope"), client.Scopes, SystemContexts);
        if (scope.Length == 0)
        {
            throw OAuthException.InvalidScope("None of the requested system/ scopes is registered for this client.");
        }

        var claims = new Dictionary<string, object>
        {
            ["sub"] = client.ClientId,
            ["name"] = client.Name ?? client.ClientId,
            [options.RoleClaim] = role.Code,
            ["scope"] = scope,
            ["client_id"] = client.ClientId,
        };
        if (client.Organization is not null)
        {
            claims[options.OrganizationClaim] = client.Organization;
        }

        return new Dictionary<string, object> { ["access_token"] = issuer.Issue(claims), ["scope"] = scope };
    }
}
