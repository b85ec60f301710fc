using System.Collections.Concurrent;
using System.Security.Claims;
using Leodis.Fhir.Access;
using Leodis.Fhir.Rest;
using Leodis.Server.Security;
using Leodis.Web.Record;
using Microsoft.Extensions.Options;

namespace Leodis.Web.Tests.Wards;

/// <summary>The server boundary as a test double: the server's own access policies, and audit calls recorded.</summary>
public sealed class RecordingClinicalHost : IClinicalHost
{
    private readonly AccessPolicies policies = new(Options.Create(new SecurityOptions()));

    public ConcurrentQueue<(string User, string Method, string Path, int Status)> Audited { get; } = new();

    public IReadOnlyList<StaffPosition> SignIn(string userName, string password) => [];

    public IReadOnlyList<StaffPosition> Positions(string userName) => [];

    public ClaimsPrincipal Principal(string userName, StaffPosition position) => throw new NotSupportedException();

    public AccessPolicy? PolicyFor(ClaimsPrincipal user) => policies.For(user);

    public System.Threading.Tasks.Task AuditAsync(ClaimsPrincipal user, FhirRequest request, FhirResponse? response, int status, CancellationToken ct)
    {
        Audited.Enqueue((user.FindFirst("sub")?.Value ?? string.Empty, request.Method, request.Path, status));
        return System.Threading.Tasks.Task.CompletedTask;
    }
}
