using Hl7.Fhir.Model;
using Leodis.Fhir.Access;

namespace Leodis.Fhir.Rest;

/// <summary>
/// One FHIR interaction as the engine sees it, whether it came over HTTP or as a bundle entry.
/// <paramref name="Path"/> is relative to the FHIR base, without query string (for example "Patient/123/_history/2").
/// </summary>
public sealed record FhirRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    Resource? Body = null,
    string? JsonPatch = null)
{
    /// <summary>
    /// Who is asking and what they may see. The HTTP API always sets it from the caller's token; the engine's own
    /// callers (the HL7 v2 feed, demo data) run as <see cref="AccessPolicy.System"/>.
    /// </summary>
    public AccessPolicy Access { get; init; } = AccessPolicy.System;

    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    public DateTimeOffset? IfModifiedSince { get; init; }

    public string? IfNoneExist { get; init; }

    /// <summary>The Prefer header's handling value: strict or lenient (search.html#errors).</summary>
    public string? PreferHandling { get; init; }

    /// <summary>The Prefer header's return value: minimal, representation or OperationOutcome.</summary>
    public string? PreferReturn { get; init; }

    public string? QueryValue(string name) =>
        Query.LastOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value;

    /// <summary>Reads an application/x-www-form-urlencoded query into name/value pairs, in order.</summary>
    public static List<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return new KeyValuePair<string, string>(Uri.UnescapeDataString(key), Uri.UnescapeDataString(value.Replace('+', ' ')));
            })
            .ToList();

    /// <summary>Writes name/value pairs back as an escaped query string.</summary>
    public static string ToQueryString(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
