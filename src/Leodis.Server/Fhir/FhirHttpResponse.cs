using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Microsoft.Net.Http.Headers;

namespace Leodis.Server.Fhir;

/// <summary>Writes the engine's <see cref="FhirResponse"/> as HTTP: status, ETag, Last-Modified, Location and a body per Prefer.</summary>
public static class FhirHttpResponse
{
    public static async Task WriteAsync(HttpContext context, FhirResponse response, ContentFormat format, string baseUrl)
    {
        var http = context.Response;
        http.StatusCode = (int)response.Status;
        if (response.Location is { } location)
        {
            http.Headers.Location = $"{baseUrl}/{location}";
        }

        if (response.ETag is { } etag)
        {
            http.Headers.ETag = etag;
        }

        if (response.LastModified is { } lastModified)
        {
            http.Headers.LastModified = lastModified.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
        }

        if (response.Status is HttpStatusCode.NotModified or HttpStatusCode.NoContent || HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var request = context.Request;
        var isWrite = response.Location is not null;
        var prefer = isWrite ? FhirHttpRequest.Prefer(request, "return") : null;
        if (prefer == "minimal")
        {
            return;
        }

        if (prefer == "OperationOutcome")
        {
            var outcome = response.Outcome ?? Informational($"{request.Method} succeeded: {response.Location}.");
            await WriteResourceAsync(http, outcome, format, SummaryType.False, null);
            return;
        }

        if (response.Search is { } search)
        {
            // A searchset applies _summary and _elements to each entry, not to the Bundle.
            http.ContentType = ContentNegotiation.MediaType(format);
            await http.WriteAsync(format == ContentFormat.Json ? search.ToJson() : FhirFormat.ToXml(search.ToBundle()));
            return;
        }

        var (summary, elements) = SummaryOf(request);
        var pretty = request.Query["_pretty"] == "true";
        if (response.Resource is null && response.Stored is { Json: { } json } && format == ContentFormat.Json &&
            summary == SummaryType.False && elements is null && !pretty)
        {
            // The stored JSON is already what the client asked for: send it without parsing.
            http.ContentType = ContentNegotiation.MediaType(format);
            await http.WriteAsync(json);
            return;
        }

        if (response.ResourceOrParsed() is { } resource)
        {
            await WriteResourceAsync(http, resource, format, summary, elements, pretty);
        }
    }

    public static Task WriteResourceAsync(HttpResponse http, Resource resource, ContentFormat format, SummaryType summary, string[]? elements, bool pretty = false)
    {
        http.ContentType = ContentNegotiation.MediaType(format);
        var text = format == ContentFormat.Xml
            ? (summary == SummaryType.False && elements is null ? FhirFormat.ToXml(resource, pretty) : FhirFormat.ToXml(resource, summary, elements))
            : (summary == SummaryType.False && elements is null ? FhirFormat.ToJson(resource, pretty) : FhirFormat.ToJson(resource, summary, elements));
        return http.WriteAsync(text);
    }

    private static (SummaryType Summary, string[]? Elements) SummaryOf(HttpRequest request)
    {
        var summary = request.Query["_summary"].LastOrDefault() switch
        {
            null or "false" => SummaryType.False,
            "true" => SummaryType.True,
            "text" => SummaryType.Text,
            "data" => SummaryType.Data,
            "count" => SummaryType.Count,
            var other => throw FhirException.BadRequest($"_summary must be true, text, data, count or false, not '{other}'.", "_summary"),
        };
        var elements = request.Query["_elements"].LastOrDefault() is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : null;
        return (summary, elements);
    }

    private static OperationOutcome Informational(string message) => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = message,
            },
        ],
    };
}
