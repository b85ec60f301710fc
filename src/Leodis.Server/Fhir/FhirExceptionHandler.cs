using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir;
using Microsoft.AspNetCore.Diagnostics;

namespace Leodis.Server.Fhir;

/// <summary>
/// The one place errors become responses: a <see cref="FhirException"/> keeps its status and OperationOutcome; a
/// malformed HTTP request is a 400 (413 when too large); anything else is a 500 with a correlation id and no details.
/// </summary>
public sealed partial class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = exception switch
        {
            FhirException fhir => fhir,
            BadHttpRequestException { StatusCode: 413 } => FhirException.Of(
                HttpStatusCode.RequestEntityTooLarge, OperationOutcome.IssueType.TooLong, "The body is larger than this server accepts."),
            BadHttpRequestException bad => FhirException.Of((HttpStatusCode)bad.StatusCode, OperationOutcome.IssueType.Invalid, "The HTTP request is malformed."),
            _ => null,
        };
        if (error is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnexpected(logger, exception, httpContext.TraceIdentifier);
            error = FhirException.Of(
                HttpStatusCode.InternalServerError,
                OperationOutcome.IssueType.Exception,
                $"An unexpected error occurred; quote correlation id {httpContext.TraceIdentifier} when reporting it.");
        }

        await WriteAsync(httpContext, error);
        return true;
    }

    /// <summary>Writes the error's OperationOutcome with its status, in the format the client asked for (JSON if unclear).</summary>
    public static async Task WriteAsync(HttpContext httpContext, FhirException error, Action<HttpResponse>? headers = null)
    {
        if (httpContext.Response.HasStarted)
        {
            return;
        }

        ContentFormat format;
        try
        {
            format = ContentNegotiation.ForResponse(httpContext.Request);
        }
        catch (FhirException)
        {
            format = ContentFormat.Json;
        }

        httpContext.Response.Clear();
        httpContext.Response.StatusCode = (int)error.Status;
        headers?.Invoke(httpContext.Response);
        await FhirHttpResponse.WriteResourceAsync(httpContext.Response, error.Outcome, format, SummaryType.False, null);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error handling request {CorrelationId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string correlationId);
}
