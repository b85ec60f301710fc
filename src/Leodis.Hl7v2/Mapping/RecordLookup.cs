using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Rest;

namespace Leodis.Hl7v2.Mapping;

/// <summary>Reads the current record through the FHIR engine (the same path as a REST client) for the mappers.</summary>
internal sealed class RecordLookup(FhirEngine engine, string baseUrl)
{
    /// <summary>The resources matching a search, at most <paramref name="count"/>.</summary>
    public async Task<List<T>> SearchAsync<T>(string path, string query, CancellationToken ct, int count = 10)
        where T : Resource
    {
        var parameters = FhirRequest.ParseQuery(query);
        parameters.Add(new("_count", count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var response = await engine.ExecuteAsync(new FhirRequest("GET", path, parameters), baseUrl, ct);
        return response.Search?.Entries
            .Where(e => e.Mode == Bundle.SearchEntryMode.Match)
            .Select(e => e.Resource.Json is { } json ? FhirFormat.ParseStored(json) : null)
            .OfType<T>()
            .ToList() ?? [];
    }

    /// <summary>One resource by id, or null when it is not there (or deleted).</summary>
    public async Task<T?> ReadAsync<T>(string type, string id, CancellationToken ct)
        where T : Resource
    {
        try
        {
            var response = await engine.ExecuteAsync(new FhirRequest("GET", $"{type}/{id}", []), baseUrl, ct);
            return response.ResourceOrParsed() as T;
        }
        catch (FhirException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
    }
}
