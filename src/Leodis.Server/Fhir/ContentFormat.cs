using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Microsoft.Net.Http.Headers;

namespace Leodis.Server.Fhir;

/// <summary>The two FHIR wire formats, and how a request names them (_format, Accept, Content-Type).</summary>
public enum ContentFormat
{
    Json,
    Xml,
}

/// <summary>Content negotiation for the FHIR API (http.html#mime-type).</summary>
public static class ContentNegotiation
{
    public const string JsonPatch = "application/json-patch+json";

    public static string MediaType(ContentFormat format) =>
        format == ContentFormat.Xml ? "application/fhir+xml; charset=utf-8" : "application/fhir+json; charset=utf-8";

    /// <summary>The format to answer in: _format wins over Accept; nothing asked for means JSON; anything else is a 406.</summary>
    public static ContentFormat ForResponse(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var formats) && formats.LastOrDefault() is { Length: > 0 } format)
        {
            return FromName(format) ?? throw NotAcceptable($"_format '{format}' is not json or xml.");
        }

        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ContentFormat.Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var mediaTypes))
        {
            throw NotAcceptable($"The Accept header '{accept}' cannot be read.");
        }

        foreach (var mediaType in mediaTypes.OrderByDescending(m => m.Quality ?? 1.0))
        {
            if (mediaType.Quality == 0)
            {
                continue;
            }

            var name = mediaType.MediaType.Value ?? string.Empty;
            if (name is "*/*" or "application/*")
            {
                return ContentFormat.Json;
            }

            if (FromName(name) is { } found)
            {
                return found;
            }
        }

        throw NotAcceptable($"This server answers in application/fhir+json or application/fhir+xml, not '{accept}'.");
    }

    /// <summary>The format of a request body, from its Content-Type; null for a JSON Patch document.</summary>
    public static ContentFormat? ForBody(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.MediaType.Value is not { } name)
        {
            throw UnsupportedMediaType($"The body needs a Content-Type of application/fhir+json or application/fhir+xml.");
        }

        if (name.Equals(JsonPatch, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return FromName(name) ?? throw UnsupportedMediaType($"'{name}' is not a FHIR format this server reads.");
    }

    private static ContentFormat? FromName(string name) => name.ToLowerInvariant() switch
    {
        "json" or "application/json" or "application/fhir+json" or "application/json+fhir" or "text/json" => ContentFormat.Json,
        "xml" or "application/xml" or "application/fhir+xml" or "application/xml+fhir" or "text/xml" => ContentFormat.Xml,
        _ => null,
    };

    private static FhirException NotAcceptable(string message) =>
        FhirException.Of(HttpStatusCode.NotAcceptable, OperationOutcome.IssueType.NotSupported, message);

    private static FhirException UnsupportedMediaType(string message) =>
        FhirException.Of(HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, message);
}
