using System.Security.Claims;
using Leodis.Fhir.Rest;

namespace Leodis.Web.Record;

/// <summary>
/// What the clinician UI needs from the server that hosts it: who may sign in, the access gate's policy for a signed-in
/// user, and the audit trail. The server implements it with the same users, gate and trail as its FHIR API, so a page
/// sees exactly what the same user would see over REST, and every look is audited the same way.
/// </summary>
public interface IClinicalHost
{
    /// <summary>The positions (role at an organisation) of a user whose password matches; empty when sign-in fails.</summary>
    IReadOnlyList<StaffPosition> SignIn(string userName, string password);

    /// <summary>The positions a known user holds (empty for anyone else).</summary>
    IReadOnlyList<StaffPosition> Positions(string userName);

    /// <summary>The signed-in identity of a user working in one of their positions, as the access gate reads it.</summary>
    ClaimsPrincipal Principal(string userName, StaffPosition position);

    /// <summary>The engine's access policy for a signed-in user, or null when they may see nothing.</summary>
    Leodis.Fhir.Access.AccessPolicy? PolicyFor(ClaimsPrincipal user);

    /// <summary>Appends the AuditEvent of one interaction a page made; returns once it is durable.</summary>
    Task AuditAsync(ClaimsPrincipal user, FhirRequest request, FhirResponse? response, int status, CancellationToken ct);
}
