using System.Net;
using System.Security.Claims;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Audit;

/// <summary>
/// Records the AuditEvent of an HTTP request and waits until it is durable, so no answer that shows patient data is
/// sent unaudited: when the trail cannot be written the request fails with 503.
/// </summary>
public sealed partial class AuditRecorder(AuditTrail trail, IOptions<SecurityOptions> security, TimeProvider clock, ILogger<AuditRecorder> logger)
{
    public bool Enabled => trail.Enabled;

    public Task RecordAsync(HttpContext context, AuditFacts facts, CancellationToken ct) =>
        RecordAsync(context.User, context.Connection.RemoteIpAddress, context.TraceIdentifier, facts, ct);

    /// <summary>Records what <paramref name="user"/> did outside an HTTP request of its own (a page of the clinician UI).</summary>
    public async Task RecordAsync(ClaimsPrincipal user, IPAddress? address, string correlationId, AuditFacts facts, CancellationToken ct)
    {
        if (!trail.Enabled)
        {
            return;
        }

        var agent = AuditAgent.Of(user, address, security.Value);
        var recorded = clock.GetUtcNow();
        var patients = facts.Patients.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var body = AuditEventFactory.ToJson(facts with { Patients = patients }, agent, recorded);
        var record = new AuditRecord(recorded, agent.User, facts.Subtype, facts.Status, patients, body);
        try
        {
            await trail.AppendAsync(record, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unavailable(correlationId, e);
        }
    }

    /// <summary>The answer to a request whose audit record could not be made or written: 503, and the cause in the log.</summary>
    public FhirException Unavailable(HttpContext context, Exception cause) => Unavailable(context.TraceIdentifier, cause);

    public FhirException Unavailable(string correlationId, Exception cause)
    {
        LogNotRecorded(logger, cause, correlationId);
        return FhirException.Of(
            HttpStatusCode.ServiceUnavailable,
            OperationOutcome.IssueType.Transient,
            $"The audit trail could not be written, so nothing is shown; try again (correlation id {correlationId}).");
    }

    /// <summary>The HTTP status an exception will be answered with.</summary>
    public static int StatusOf(Exception error) => error switch
    {
        FhirException fhir => (int)fhir.Status,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {CorrelationId} refused: its audit record could not be written")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string correlationId);
}
