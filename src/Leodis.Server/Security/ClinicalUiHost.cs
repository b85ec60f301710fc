using System.Net;
using System.Security.Claims;
using Leodis.Fhir.Access;
using Leodis.Fhir.Rest;
using Leodis.Server.Audit;
using Leodis.Web.Record;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Security;

/// <summary>
/// The clinician UI's side of the server: the built-in provider's users sign in with the demo password, their cookie
/// carries the same claims as a token (so the same <see cref="AccessPolicies"/> apply), and what a page reads is
/// audited by the same recorder as the FHIR API.
/// </summary>
public sealed class ClinicalUiHost(
    IOptions<SecurityOptions> options, AccessPolicies policies, AuditRecorder audit, FhirEngine engine, IHttpContextAccessor http, TimeProvider clock) : IClinicalHost
{
    /// <summary>The scopes a UI session works with: the user's role decides, the session adds no limit of its own.</summary>
    public const string Scopes = "openid fhirUser user/*.cruds";

    public IReadOnlyList<StaffPosition> SignIn(string userName, string password) =>
        options.Value.Authority is null && DemoUser.PasswordMatches(options.Value.DemoPassword, password) ? Positions(userName) : [];

    public IReadOnlyList<StaffPosition> Positions(string userName) =>
        DemoUser.Find(userName) is { } user
            ? user.Positions.Select(p => new StaffPosition(p.Role, Role.Find(p.Role)?.Display ?? p.Role, p.Organization, p.OrganizationName)).ToList()
            : [];

    public ClaimsPrincipal Principal(string userName, StaffPosition position)
    {
        var user = DemoUser.Find(userName) ?? throw new ArgumentException("Not a user of the built-in provider.", nameof(userName));
        var settings = options.Value;
        var identity = new ClaimsIdentity(
            [
                new Claim("sub", user.UserName),
                new Claim("name", user.Name),
                new Claim(settings.RoleClaim, position.Role),
                new Claim(settings.OrganizationClaim, position.Organization),
                new Claim("position", position.ToString()),
                new Claim("scope", Scopes),
            ],
            Leodis.Web.ClinicalUi.CookieScheme,
            "sub",
            settings.RoleClaim);
        return new ClaimsPrincipal(identity);
    }

    public AccessPolicy? PolicyFor(ClaimsPrincipal user) => policies.For(user);

    public async Task AuditAsync(ClaimsPrincipal user, FhirRequest request, FhirResponse? response, int status, CancellationToken ct)
    {
        if (!audit.Enabled)
        {
            return;
        }

        var correlationId = Guid.NewGuid().ToString("N");
        AuditFacts facts;
        try
        {
            var query = request.Query.Count == 0 ? string.Empty : "?" + FhirRequest.ToQueryString(request.Query);
            facts = await FhirAudit.FactsAsync(engine.Store, request.Method, request.Path, query, request, response, status, ct);
            facts = await BreakGlassPurpose.ApplyAsync(engine.Store, request.Access, facts, clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw audit.Unavailable(correlationId, e);
        }

        // In a circuit there is no request of its own; the address is the one the circuit was opened from, when known.
        IPAddress? address = http.HttpContext?.Connection.RemoteIpAddress;
        await audit.RecordAsync(user, address, correlationId, facts with { Source = AuditFacts.ClinicalUi }, ct);
    }
}
