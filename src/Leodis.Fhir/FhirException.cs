using System.Net;
using Hl7.Fhir.Model;

namespace Leodis.Fhir;

/// <summary>A failure the client can act on: an HTTP status and the OperationOutcome that explains it.</summary>
public sealed class FhirException : Exception
{
    public FhirException(HttpStatusCode status, OperationOutcome outcome)
        : base(outcome.Issue.FirstOrDefault()?.Diagnostics ?? status.ToString())
    {
        Status = status;
        Outcome = outcome;
    }

    public HttpStatusCode Status { get; }

    public OperationOutcome Outcome { get; }

    public static FhirException Of(HttpStatusCode status, OperationOutcome.IssueType code, string message, string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Diagnostics = message,
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return new FhirException(status, new OperationOutcome { Issue = [issue] });
    }

    public static FhirException BadRequest(string message, string? expression = null) =>
        Of(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, message, expression);

    public static FhirException NotFound(string message) =>
        Of(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, message);

    public static FhirException Forbidden(string message) =>
        Of(HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden, message);

    public static FhirException Gone(string message) =>
        Of(HttpStatusCode.Gone, OperationOutcome.IssueType.Deleted, message);

    public static FhirException Conflict(string message, string? expression = null) =>
        Of(HttpStatusCode.Conflict, OperationOutcome.IssueType.Conflict, message, expression);

    public static FhirException PreconditionFailed(string message) =>
        Of(HttpStatusCode.PreconditionFailed, OperationOutcome.IssueType.Conflict, message);

    public static FhirException Unprocessable(string message, string? expression = null) =>
        Of(HttpStatusCode.UnprocessableEntity, OperationOutcome.IssueType.Processing, message, expression);

    public static FhirException NotSupported(string message) =>
        Of(HttpStatusCode.MethodNotAllowed, OperationOutcome.IssueType.NotSupported, message);
}
