using Leodis.Server.Security.Smart;

namespace Leodis.Server.Security;

/// <summary>Sign-in and access settings (section "Security"). Defaults give the built-in identity provider with demo users.</summary>
public sealed record SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Off only for a closed test rig: every /fhir request then runs as system integration.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>An external OpenID Connect issuer (Entra ID, NHS CIS2); when set, the built-in provider is off.</summary>
    public string? Authority { get; init; }

    /// <summary>The issuer the built-in provider writes into its tokens (and that validation requires).</summary>
    public string Issuer { get; init; } = "leodis";

    /// <summary>The audience every token must name.</summary>
    public string Audience { get; init; } = "leodis-fhir";

    /// <summary>The built-in provider's RSA signing key as PEM (from the environment, say); wins over the path.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Where the built-in provider keeps its signing key; made on first start when missing.</summary>
    public string SigningKeyPath { get; init; } = "data/identity-signing-key.pem";

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The hospital's ODS code: its staff may write as their role allows; everyone else reads only.</summary>
    public string HostOrganization { get; init; } = "RR8";

    /// <summary>How long after an encounter, care team or referral ends it still counts as a relationship.</summary>
    public TimeSpan RecentRelationship { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a break-glass grant lasts.</summary>
    public TimeSpan BreakGlassDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The claims that carry a user's role and organisation (ODS code), for an external issuer's naming.</summary>
    public string RoleClaim { get; init; } = "role";

    public string OrganizationClaim { get; init; } = "org";

    /// <summary>Scopes assumed for a token that carries none (an external issuer that knows nothing of SMART).</summary>
    public string DefaultScopes { get; init; } = "user/*.cruds";

    /// <summary>The SMART apps and backend services the built-in provider knows (<c>Security:Clients</c>).</summary>
    public IReadOnlyList<SmartClient> Clients { get; init; } = [];

    /// <summary>
    /// The password every demo user types at the built-in sign-in page. Demo only: the seeded users have no passwords
    /// of their own. Unset, nobody can sign in there (the SMART authorization endpoint refuses everyone).
    /// </summary>
    public string? DemoPassword { get; init; }

    /// <summary>How long an authorization code lives; it is also single use.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The external issuer's SMART endpoints, advertised when <see cref="Authority"/> is set.</summary>
    public string? AuthorizationEndpoint { get; init; }

    public string? TokenEndpoint { get; init; }

    public string? JwksUri { get; init; }
}
