using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Leodis.Server.Fhir;

/// <summary>Turns an HTTP request under /fhir into the engine's <see cref="FhirRequest"/>: body parsed, headers read.</summary>
public static class FhirHttpRequest
{
    public static async Task<FhirRequest> ReadAsync(HttpContext context, string path, long maxBodyBytes, CancellationToken ct)
    {
        var http = context.Request;
        var query = http.Query
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty)))
            .ToList();
        var text = await ReadBodyAsync(http, maxBodyBytes, ct);
        Resource? body = null;
        string? jsonPatch = null;
        if (http.HasFormContentType && http.Method == "POST" && path.EndsWith("_search", StringComparison.Ordinal))
        {
            // POST [type]/_search: the form body carries the search parameters (search.html#post).
            query.AddRange(FhirRequest.ParseQuery(text));
        }
        else if (text.Length > 0)
        {
            switch (ContentNegotiation.ForBody(http))
            {
                case null when http.Method == "PATCH":
                    jsonPatch = text;
                    break;
                case null:
                    throw FhirException.Of(HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "JSON Patch is only for PATCH.");
                case ContentFormat.Xml:
                    body = FhirFormat.ParseXml(text);
                    break;
                default:
                    body = FhirFormat.ParseJson(text);
                    break;
            }
        }

        return new FhirRequest(http.Method, path, query, body, jsonPatch)
        {
            IfMatch = Header(http, HeaderNames.IfMatch),
            IfNoneMatch = Header(http, HeaderNames.IfNoneMatch),
            IfModifiedSince = Header(http, HeaderNames.IfModifiedSince) is { } since &&
                DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                    ? instant
                    : null,
            IfNoneExist = Header(http, "If-None-Exist"),
            PreferReturn = Prefer(http, "return"),
            PreferHandling = Prefer(http, "handling"),
        };
    }

    /// <summary>A setting of the Prefer header, such as return=minimal.</summary>
    public static string? Prefer(HttpRequest request, string name)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var part in (header ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && part[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return part[(equals + 1)..].Trim().Trim('"');
                }
            }
        }

        return null;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    private static async Task<string> ReadBodyAsync(HttpRequest request, long maxBodyBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw TooLarge(maxBodyBytes);
        }

        // A request with neither Content-Length nor Transfer-Encoding (every GET) has no body to read.
        if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBodyBytes)
                {
                    throw TooLarge(maxBodyBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.Length == 0 ? string.Empty : DecodeUtf8(buffer);
    }

    private static string DecodeUtf8(MemoryStream buffer)
    {
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw FhirException.BadRequest("The body is not valid UTF-8.");
        }
    }

    private static FhirException TooLarge(long maxBodyBytes) => FhirException.Of(
        HttpStatusCode.RequestEntityTooLarge,
        OperationOutcome.IssueType.TooLong,
        $"The body is larger than this server accepts ({maxBodyBytes} bytes).");
}
