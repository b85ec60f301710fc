namespace Leodis.Server.Security.Smart;

/// <summary>
/// A checked authorization request (<c>/connect/authorize</c>): a registered client, one of its exact redirect URIs,
/// PKCE with S256, this server as audience, and the scopes it will be granted (requested, narrowed to its registration).
/// </summary>
public sealed record AuthorizeRequest(SmartClient Client, string RedirectUri, string Scope, string? State, string CodeChallenge, string? Launch, string Audience)
{
    /// <summary>The request's parameters, for the sign-in form to send back.</summary>
    public static readonly string[] Parameters =
        ["response_type", "client_id", "redirect_uri", "scope", "state", "aud", "code_challenge", "code_challenge_method", "launch"];

    private static readonly string[] UserContexts = ["patient", "user"];

    /// <summary>True when the app asked to choose a patient itself (standalone launch) rather than being launched with one.</summary>
    public bool NeedsPatient => Launch is null && ScopeGrant.Has(Scope, "launch/patient");

    /// <summary>Checks the request; throws <see cref="AuthorizeRefusedException"/> saying whether the refusal may go back to the redirect URI.</summary>
    public static AuthorizeRequest Read(Func<string, string?> parameter, SmartClients clients, string fhirBase)
    {
        var client = clients.Find(parameter("client_id"))
            ?? throw new AuthorizeRefusedException("invalid_request", "The client_id is not a registered SMART app.");
        var redirectUri = parameter("redirect_uri");
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            throw new AuthorizeRefusedException("invalid_request", "The redirect_uri is not one registered for this app.");
        }

        var state = parameter("state");
        AuthorizeRefusedException Refuse(string error, string description) => new(error, description, redirectUri, state);
        if (parameter("response_type") != "code")
        {
            throw Refuse("unsupported_response_type", "Only response_type=code is supported.");
        }

        if (parameter("code_challenge_method") != "S256")
        {
            throw Refuse("invalid_request", "PKCE is required with code_challenge_method=S256 (plain is not accepted).");
        }

        var challenge = parameter("code_challenge");
        if (challenge is null || challenge.Length is < 43 or > 128 || !challenge.All(IsBase64Url))
        {
            throw Refuse("invalid_request", "code_challenge must be the base64url SHA-256 of the code verifier.");
        }

        var audience = parameter("aud")?.TrimEnd('/');
        if (!string.Equals(audience, fhirBase.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse("invalid_request", $"aud must be this server's FHIR base URL, {fhirBase}.");
        }

        var scope = ScopeGrant.Grant(parameter("scope"), client.Scopes, UserContexts);
        if (!scope.Split(' ').Any(s => SmartScopes.TryParse(s, out _, out _, out _)))
        {
            throw Refuse("invalid_scope", "None of the requested resource scopes is registered for this app.");
        }

        var launch = parameter("launch");
        if (launch is not null && !ScopeGrant.Has(scope, "launch"))
        {
            throw Refuse("invalid_scope", "An EHR launch needs the launch scope, registered for this app.");
        }

        return new AuthorizeRequest(client, redirectUri, scope, state, challenge, launch, audience!);
    }

    /// <summary>Where the browser goes with the answer: the redirect URI with the code (or error) and state added.</summary>
    public static string RedirectWith(string redirectUri, IEnumerable<KeyValuePair<string, string?>> values) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(redirectUri, values.Where(v => v.Value is not null));

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}

/// <summary>An authorization request refused; with a redirect URI, the refusal goes back to the app, else it is shown here.</summary>
public sealed class AuthorizeRefusedException(string error, string description, string? redirectUri = null, string? state = null) : Exception(description)
{
    public string Error { get; } = error;

    public string? RedirectUri { get; } = redirectUri;

    public string? State { get; } = state;
}
