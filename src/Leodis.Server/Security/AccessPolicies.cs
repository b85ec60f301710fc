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
        var scopes = SmartScopes.Parse(user.FindFirst("scope")?.Value ?? settings.DefaultScopes);
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
            PatientContext = scopes.PatientLevelOnly ? patient ?? string.Empty : null,
            RecentRelationship = settings.RecentRelationship,
            Allows = (type, action) => role.Allows(type, action, hostStaff) && scopes.Allows(type, action),
        };
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
