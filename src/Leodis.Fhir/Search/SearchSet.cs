using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Search;

/// <summary>
/// A page of search results before it is written: stored versions as JSON, so a JSON answer is spliced from the stored
/// text without parsing, and a Bundle is built only when XML, a summary or a bundle entry needs one.
/// </summary>
public sealed record SearchSet(
    IReadOnlyList<SearchSetEntry> Entries,
    long? Total,
    IReadOnlyList<KeyValuePair<string, string>> Links,
    OperationOutcome? Outcome,
    SummaryType Summary,
    string[]? Elements,
    string BaseUrl)
{
    public Bundle ToBundle()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = (int?)Total };
        bundle.Link.AddRange(Links.Select(l => new Bundle.LinkComponent { Relation = l.Key, Url = l.Value }));
        foreach (var entry in Entries)
        {
            var resource = FhirFormat.ParseStored(ResourceJson(entry.Resource));
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{BaseUrl}/{entry.Resource.ResourceType}/{entry.Resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = entry.Mode },
            });
        }

        if (Outcome is not null)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = Outcome, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome } });
        }

        return bundle;
    }

    /// <summary>The Bundle as FHIR JSON, with each stored resource spliced in as it is kept.</summary>
    public string ToJson()
    {
        var json = new StringBuilder(256 + Entries.Sum(e => e.Resource.Json?.Length ?? 0));
        json.Append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"");
        if (Total is { } total)
        {
            json.Append(",\"total\":").Append(total);
        }

        json.Append(",\"link\":[");
        for (var i = 0; i < Links.Count; i++)
        {
            json.Append(i == 0 ? "{\"relation\":" : ",{\"relation\":").Append(Quote(Links[i].Key)).Append(",\"url\":").Append(Quote(Links[i].Value)).Append('}');
        }

        json.Append(']');
        if (Entries.Count > 0 || Outcome is not null)
        {
            json.Append(",\"entry\":[");
            var first = true;
            foreach (var entry in Entries)
            {
                json.Append(first ? "{\"fullUrl\":" : ",{\"fullUrl\":").Append(Quote($"{BaseUrl}/{entry.Resource.ResourceType}/{entry.Resource.Id}"))
                    .Append(",\"resource\":").Append(ResourceJson(entry.Resource))
                    .Append(",\"search\":{\"mode\":\"").Append(entry.Mode == Bundle.SearchEntryMode.Match ? "match" : "include").Append("\"}}");
                first = false;
            }

            if (Outcome is not null)
            {
                json.Append(first ? "{" : ",{").Append("\"resource\":").Append(FhirFormat.ToJson(Outcome)).Append(",\"search\":{\"mode\":\"outcome\"}}");
            }

            json.Append(']');
        }

        return json.Append('}').ToString();
    }

    private string ResourceJson(StoredResource resource) =>
        Summary == SummaryType.False && Elements is null
            ? resource.Json!
            : FhirFormat.ToJson(FhirFormat.ParseStored(resource.Json!), Summary, Elements);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, Relaxed);
}

/// <summary>A resource in a search page: a match, or one brought in by _include / _revinclude.</summary>
public sealed record SearchSetEntry(StoredResource Resource, Bundle.SearchEntryMode Mode);
