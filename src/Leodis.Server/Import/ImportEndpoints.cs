using System.Globalization;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir;
using Leodis.Fhir.Import;
using Leodis.Server.Audit;
using Leodis.Server.Fhir;
using Leodis.Server.Security;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Import;

/// <summary>
/// $import, asynchronous in the Bulk Data manner: POST starts a job (202, Content-Location = its status URL); GET on the
/// status URL answers 202 with X-Progress while it runs and 200 with a manifest (counts per type, the error report's
/// URL) when done; DELETE cancels; the error report is NDJSON of OperationOutcomes naming file and line.
/// </summary>
public static class ImportEndpoints
{
    private const string Path = FhirEndpoints.Prefix + "/$import";

    public static void MapImport(this IEndpointRouteBuilder app)
    {
        // Bulk import writes any patient's record without a relationship: system integration only.
        app.MapPost(Path, StartAsync).RequireAuthorization(SecurityRegistration.Integration);
        app.MapGet(Path + "/{id}", StatusAsync).RequireAuthorization(SecurityRegistration.Integration);
        app.MapDelete(Path + "/{id}", CancelAsync).RequireAuthorization(SecurityRegistration.Integration);
        app.MapGet(Path + "/{id}/errors", ErrorsAsync).RequireAuthorization(SecurityRegistration.Integration);
    }

    private static async Task StartAsync(
        HttpContext context, ImportJobs jobs, ImportService service, AuditRecorder audit, IOptions<ImportOptions> options, IOptions<FhirOptions> fhir)
    {
        if (!context.Request.Headers["Prefer"].Any(p => p?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw FhirException.BadRequest("$import runs asynchronously: send Prefer: respond-async.");
        }

        var request = await FhirHttpRequest.ReadAsync(context, "$import", fhir.Value.MaxRequestBodyBytes, context.RequestAborted);
        var state = ImportRequest.Read(request.Body, options.Value.RootPath);
        var job = await jobs.CreateAsync(ImportService.SourcePrefix + Guid.NewGuid().ToString("N"), state, null, TimeSpan.Zero, context.RequestAborted);
        await audit.RecordAsync(context, new AuditFacts("import", AuditEvent.AuditEventAction.E, StatusCodes.Status202Accepted)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Query = $"POST $import (job {job.Id}: {string.Join(", ", state.Files.Select(f => f.Path))})",
        }, context.RequestAborted);
        service.Wake();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.ContentLocation = $"{BaseUrl(context, fhir.Value)}/$import/{job.Id}";
        await Write(context, Outcome(OperationOutcome.IssueSeverity.Information, $"Import job {job.Id} accepted: {state.Files.Count} files."));
    }

    private static async Task StatusAsync(string id, HttpContext context, ImportJobs jobs, IOptions<FhirOptions> fhir)
    {
        var job = await Find(jobs, id, context.RequestAborted);
        var state = job.State;
        switch (job.Status)
        {
            case ImportJobStatus.Queued or ImportJobStatus.Running:
                var (done, total) = state.Bytes;
                var percent = total == 0 ? 100 : done * 100 / total;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers["X-Progress"] = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{job.Status}: {percent}% of {total:N0} bytes, file {Math.Min(state.FileIndex + 1, state.Files.Count)} of {state.Files.Count}, " +
                    $"{state.LoadedTotal:N0} resources loaded, {state.Errors:N0} lines refused");
                context.Response.Headers.RetryAfter = "1";
                return;
            case ImportJobStatus.Cancelled:
                throw FhirException.NotFound($"Import job {id} was cancelled.");
            case ImportJobStatus.Failed:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await Write(context, Outcome(OperationOutcome.IssueSeverity.Error, $"Import job {id} failed: {state.Message}"));
                return;
        }

        var baseUrl = BaseUrl(context, fhir.Value);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new ImportManifest(
            job.Updated.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            $"{baseUrl}/$import",
            false,
            state.InputSource,
            state.Loaded.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ImportManifest.Output(p.Key, p.Value)).ToList(),
            state.Errors == 0 ? [] : [new ImportManifest.Output("OperationOutcome", state.Errors, $"{baseUrl}/$import/{id}/errors")])));
    }

    private static async Task CancelAsync(string id, HttpContext context, ImportJobs jobs, ImportService service)
    {
        var job = await Find(jobs, id, context.RequestAborted);
        if (!await jobs.CancelAsync(id, context.RequestAborted))
        {
            throw FhirException.Conflict($"Import job {id} has already {job.Status}.");
        }

        service.Stop(id);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await Write(context, Outcome(OperationOutcome.IssueSeverity.Information, $"Import job {id} cancelled; chunks already committed stay loaded."));
    }

    /// <summary>The refused lines' outcomes may quote what they refused: audited.</summary>
    private static async Task ErrorsAsync(string id, HttpContext context, ImportJobs jobs, AuditRecorder audit)
    {
        await Find(jobs, id, context.RequestAborted);
        await audit.RecordAsync(context, new AuditFacts("import-errors", AuditEvent.AuditEventAction.R, StatusCodes.Status200OK)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Query = $"GET $import/{id}/errors",
        }, context.RequestAborted);
        context.Response.ContentType = ImportRequest.NdjsonFormat;
        await foreach (var outcome in jobs.ErrorsAsync(id, context.RequestAborted))
        {
            await context.Response.WriteAsync(outcome + "\n", context.RequestAborted);
        }
    }

    private static async Task<ImportJob> Find(ImportJobs jobs, string id, CancellationToken ct) =>
        (id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? await jobs.GetAsync(id, ct) : null)
            ?? throw FhirException.NotFound($"There is no import job {id}.");

    private static Task Write(HttpContext context, OperationOutcome outcome) =>
        FhirHttpResponse.WriteResourceAsync(context.Response, outcome, ContentNegotiation.ForResponse(context.Request), SummaryType.False, null);

    private static OperationOutcome Outcome(OperationOutcome.IssueSeverity severity, string message) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = OperationOutcome.IssueType.Informational, Diagnostics = message }],
    };

    private static string BaseUrl(HttpContext context, FhirOptions options) =>
        options.BaseUrl?.TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{FhirEndpoints.Prefix}";
}
