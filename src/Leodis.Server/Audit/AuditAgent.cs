using System.Net;
using System.Security.Claims;
using Leodis.Server.Security;

namespace Leodis.Server.Audit;

/// <summary>Who made a request, from their token: user name (sub), display name, role, organisation (ODS code) and address.</summary>
public sealed record AuditAgent(string User, string? Name, string? Role, string? Organization, string? ClientId, string? Address)
{
    public const string Anonymous = "anonymous";

    public static AuditAgent Of(ClaimsPrincipal user, IPAddress? address, SecurityOptions options) => new(
        user.FindFirst("sub")?.Value ?? Anonymous,
        user.FindFirst("name")?.Value,
        options.Enabled ? user.FindFirst(options.RoleClaim)?.Value : Security.Role.SystemIntegration,
        user.FindFirst(options.OrganizationClaim)?.Value,
        user.FindFirst("client_id")?.Value ?? user.FindFirst("azp")?.Value,
        address?.ToString());
}
