using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// A registered SMART client (<c>Security:Clients</c>): a public app that signs users in with authorization code and
/// PKCE, or a confidential-asymmetric client (a backend service, or an app with a key) that proves itself with a JWT
/// signed by a key in its <see cref="Jwks"/> (<c>private_key_jwt</c>).
/// </summary>
public sealed record SmartClient
{
    public const string Public = "public";
    public const string ConfidentialAsymmetric = "confidential-asymmetric";

    public string ClientId { get; init; } = string.Empty;

    public string? Name { get; init; }

    /// <summary><see cref="Public"/> or <see cref="ConfidentialAsymmetric"/>.</summary>
    public string Type { get; init; } = Public;

    /// <summary>Exact redirect URIs; an authorization request naming any other is refused without redirecting.</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    /// <summary>Space-separated scopes the client may be granted; a request gets at most these.</summary>
    public string Scopes { get; init; } = string.Empty;

    /// <summary>Browser origins (<c>https://app.example</c>) allowed to call /fhir and the token endpoint (CORS).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The client's public keys, a JWKS (<c>{"keys": [...]}</c>), for <c>private_key_jwt</c>.</summary>
    public SmartClientJwks Jwks { get; init; } = new();

    /// <summary>
    /// For client credentials: the role its tokens carry (for example system-integration). No role, no backend token:
    /// a client is never more than it was registered as.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>For client credentials: the organisation (ODS code) its tokens carry; only the host organisation writes.</summary>
    public string? Organization { get; init; }

    public bool IsPublic => string.Equals(Type, Public, StringComparison.Ordinal);

    public bool IsConfidentialAsymmetric => string.Equals(Type, ConfidentialAsymmetric, StringComparison.Ordinal);

    /// <summary>The registered keys as signing keys; keys that are not RSA or EC P-256/384/521 public keys are ignored.</summary>
    public IReadOnlyList<SecurityKey> SigningKeys() => Jwks.Keys.Select(k => k.ToSecurityKey()).OfType<SecurityKey>().ToList();
}

/// <summary>A JSON Web Key Set as configuration binds it.</summary>
public sealed record SmartClientJwks
{
    public IReadOnlyList<SmartClientKey> Keys { get; init; } = [];
}

/// <summary>One public JSON Web Key (RSA: n, e; EC: crv, x, y).</summary>
public sealed record SmartClientKey
{
    public string? Kty { get; init; }

    public string? Kid { get; init; }

    public string? Alg { get; init; }

    public string? N { get; init; }

    public string? E { get; init; }

    public string? Crv { get; init; }

    public string? X { get; init; }

    public string? Y { get; init; }

    public SecurityKey? ToSecurityKey()
    {
        var key = new JsonWebKey { Kty = Kty, Kid = Kid, Alg = Alg, N = N, E = E, Crv = Crv, X = X, Y = Y };
        return Kty switch
        {
            "RSA" when N is not null && E is not null => key,
            "EC" when Crv is "P-256" or "P-384" or "P-521" && X is not null && Y is not null => key,
            _ => null,
        };
    }
}
