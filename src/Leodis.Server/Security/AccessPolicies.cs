using System.Collections.Concurrent;
using System.Security.Claims;
using Leodis.Fhir.Access;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Security;

/// <summary>
/// Turns a signed-in caller (their token's claims) into the <see cref="AccessPolicy"/> the engine enforces: what their
/// role allows, narrowed by their organisation (others read only) and by the token's SMART scopes. Neither can widen
/// the other.
/// </summary>
public sealed class AccessPolicies(IOptions<SecurityOptions> options)
{
    private const int MaxGrants = 1_000;

    private readonly ConcurrentDictionary<(string Role, bool HostStaff, string Scopes), (Func<string, AccessAction, bool> Allows, bool PatientLevelOnly)> grants = new();

    /// <summary>The caller's policy, or null when the token names no role this server knows (they may do nothing).</summary>
    public AccessPolicy? For(ClaimsPrincipal user)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return AccessPolicy.System;
        }

        var role = Role.Find(user.FindFirst(settings.RoleClaim)?.Value);
        var userName = user.FindFirst("sub")?.Value;
        if (role is null || userName is null)
        {
            return null;
        }

        var organization = user.FindFirst(settings.OrganizationClaim)?.Value;
        var hostStaff = string.Equals(organization, settings.HostOrganization, StringComparison.Ordinal);
        var scopeText = user.FindFirst("scope")?.Value ?? settings.DefaultScopes;
        var (allows, patientLevelOnly) = Grant(role, hostStaff, scopeText);
        var patient = user.FindFirst("patient")?.Value;
        return new AccessPolicy
        {
            User = userName,
            OrganizationCode = organization,
            PractitionerId = PractitionerOf(user.FindFirst("fhirUser")?.Value),
            AllPatients = role.AllPatients,
            SeesSensitive = role.SeesSensitive,
            SeesRestricted = role.SeesRestricted,

            // A patient-level token with no launch patient sees no one: "patient/" scopes never widen to everyone.
            PatientContext = patientLevelOnly ? patient ?? string.Empty : null,
            RecentRelationship = settings.RecentRelationship,
            Allows = allows,
        };
    }

    /// <summary>
    /// What a role, inside or outside the host organisation, may do under a token's scopes: one function per combination,
    /// made once, so the policy's readable types are worked out once too (<see cref="AccessPolicy.ReadableTypes"/>).
    /// </summary>
    private (Func<string, AccessAction, bool> Allows, bool PatientLevelOnly) Grant(Role role, bool hostStaff, string scopeText)
    {
        var key = (role.Code, hostStaff, scopeText);
        if (grants.TryGetValue(key, out var known))
        {
            return known;
        }

        var scopes = SmartScopes.Parse(scopeText);
        (Func<string, AccessAction, bool> Allows, bool PatientLevelOnly) grant = ((type, action) => role.Allows(type, action, hostStaff) && scopes.Allows(type, action), scopes.PatientLevelOnly);
        if (grants.Count < MaxGrants)
        {
            grants.TryAdd(key, grant);
        }

        return grant;
    }

    public Role? RoleOf(ClaimsPrincipal user) => options.Value.Enabled
        ? Role.Find(user.FindFirst(options.Value.RoleClaim)?.Value)
        : Role.Find(Role.SystemIntegration);

    private static string? PractitionerOf(string? fhirUser)
    {
        if (fhirUser is null)
        {
            return null;
        }

        var at = fhirUser.LastIndexOf("Practitioner/", StringComparison.Ordinal);
        return at < 0 ? null : fhirUser[(at + "Practitioner/".Length)..];
    }
}
