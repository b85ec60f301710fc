using Hl7.Fhir.Model;

namespace Leodis.Server.Audit;

/// <summary>
/// What one audited request did, before it becomes an AuditEvent: the interaction (a code from
/// <see cref="SubtypeSystem"/>), the action, the HTTP status it ended with, the patients it touched, the resources it
/// named and the query it ran.
/// </summary>
public sealed record AuditFacts(string Subtype, AuditEvent.AuditEventAction Action, int Status)
{
    /// <summary>FHIR's RESTful interactions (read, vread, search-type, ...).</summary>
    public const string RestfulInteraction = "http://hl7.org/fhir/restful-interaction";

    /// <summary>Leodis's own interactions that FHIR has no code for (break-glass, import, dead-letter inspection, audit queries).</summary>
    public const string LeodisInteraction = "https://leodis.example/CodeSystem/audit-event-subtype";

    /// <summary>The observer of a look made through a page of the clinician UI rather than the FHIR API.</summary>
    public const string ClinicalUi = "Leodis clinician UI";

    public string SubtypeSystem { get; init; } = RestfulInteraction;

    /// <summary>The part of Leodis that saw the request (AuditEvent.source.observer).</summary>
    public string Source { get; init; } = "Leodis FHIR server";

    /// <summary>Patient ids, in any order, possibly repeated.</summary>
    public IReadOnlyCollection<string> Patients { get; init; } = [];

    /// <summary>References to the resources acted on ("Observation/1", "Observation/1/_history/2").</summary>
    public IReadOnlyList<string> What { get; init; } = [];

    /// <summary>The request as sent, method and relative URL with its query ("GET Observation?subject=Patient/1").</summary>
    public string? Query { get; init; }

    /// <summary>True for break-glass: the purpose of use is emergency treatment (ETREAT).</summary>
    public bool Emergency { get; init; }

    /// <summary>Free text about the request, such as the reason given for breaking the glass.</summary>
    public string? Detail { get; init; }

    /// <summary>A request refused before any handler ran (a role without access to that part of the server): 403.</summary>
    public static AuditFacts Refused(string method, string pathAndQuery) => method switch
    {
        "POST" => new("create", AuditEvent.AuditEventAction.C, 403) { Query = $"{method} {pathAndQuery}" },
        "PUT" or "PATCH" => new("update", AuditEvent.AuditEventAction.U, 403) { Query = $"{method} {pathAndQuery}" },
        "DELETE" => new("delete", AuditEvent.AuditEventAction.D, 403) { Query = $"{method} {pathAndQuery}" },
        _ => new("read", AuditEvent.AuditEventAction.R, 403) { Query = $"{method} {pathAndQuery}" },
    };

    /// <summary>The outcome code of AuditEvent: 0 success, 4 a refused request (4xx), 8 a failure of the server (5xx).</summary>
    public AuditEvent.AuditEventOutcome Outcome => Status switch
    {
        < 400 => AuditEvent.AuditEventOutcome.N0,
        < 500 => AuditEvent.AuditEventOutcome.N4,
        _ => AuditEvent.AuditEventOutcome.N8,
    };
}
