using Hl7.Fhir.Model;
using Leodis.Fhir.Rest;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// What one message changes, as the entries of one FHIR transaction: updates of resources read earlier (guarded by
/// If-Match, so a concurrent change makes the whole message retry), creates guarded by If-None-Exist, and updates by
/// identifier. Nothing is written until the transaction runs, so a message's effects commit together or not at all.
/// </summary>
internal sealed class MessagePlan
{
    private readonly List<Bundle.EntryComponent> entries = [];
    private readonly Dictionary<string, Bundle.EntryComponent> byTarget = new(StringComparer.Ordinal);

    /// <summary>Creates of directory resources (Locations, Practitioners): their keys, and their places in the transaction.</summary>
    private readonly List<(string Key, int Index)> directory = [];

    /// <summary>References to the resources this message made or changed, for the MessageHeader's focus.</summary>
    public List<string> Focus { get; } = [];

    public int Count => entries.Count;

    /// <summary>Writes a resource read from the store (it has an id and a version) or one with an id of our choosing.</summary>
    public string Update(Resource resource)
    {
        var target = $"{resource.TypeName}/{resource.Id}";
        if (byTarget.TryGetValue(target, out var existing))
        {
            existing.Resource = resource;
            return target;
        }

        var entry = new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = resource,
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.PUT,
                Url = target,
                IfMatch = resource.Meta?.VersionId is { } version ? $"W/\"{version}\"" : null,
            },
        };
        Add(target, entry);
        return target;
    }

    /// <summary>The key of a conditional write: <c>Type?criteria</c>.</summary>
    public static string KeyOf(Resource resource, string criteria) => $"{resource.TypeName}?{criteria}";

    /// <summary>
    /// Creates a resource unless one meets <paramref name="criteria"/>; returns the reference to use for it. A directory
    /// resource's id, found or made, is handed to the <see cref="DirectoryCache"/> once the transaction commits.
    /// </summary>
    public string CreateUnlessExists(Resource resource, string criteria, bool isDirectory = false)
    {
        var key = KeyOf(resource, criteria);
        if (byTarget.TryGetValue(key, out var existing))
        {
            return existing.FullUrl ?? key;
        }

        var fullUrl = $"urn:uuid:{Guid.NewGuid()}";
        var entry = new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = criteria },
        };
        if (isDirectory)
        {
            directory.Add((key, entries.Count));
        }

        Add(key, entry);
        return fullUrl;
    }

    /// <summary>Tells the cache the ids the committed transaction gave the directory resources (its response, entry by entry).</summary>
    public void Remember(Bundle? response, DirectoryCache cache)
    {
        foreach (var (key, index) in directory)
        {
            if (response is not null && index < response.Entry.Count
                && response.Entry[index].Response?.Location?.Split('/') is [var type, var id, ..] && key.StartsWith(type + "?", StringComparison.Ordinal))
            {
                cache.Learn(key, $"{type}/{id}");
            }
        }
    }

    /// <summary>Creates or replaces the one resource that meets <paramref name="criteria"/> (a conditional update).</summary>
    public string Upsert(Resource resource, string criteria)
    {
        var key = $"{resource.TypeName}?{criteria}";
        if (byTarget.TryGetValue(key, out var existing))
        {
            existing.Resource = resource;
            return existing.FullUrl ?? key;
        }

        var fullUrl = $"urn:uuid:{Guid.NewGuid()}";
        var entry = new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = key },
        };
        Add(key, entry);
        return fullUrl;
    }

    /// <summary>The transaction: every planned entry, then the marker that records the message as applied.</summary>
    public Bundle ToTransaction(MessageHeader marker, string? markerIfMatch)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.AddRange(entries);
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = marker,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"MessageHeader/{marker.Id}", IfMatch = markerIfMatch },
        });
        return bundle;
    }

    /// <summary>Criteria that find a resource by one identifier.</summary>
    public static string ByIdentifier(Identifier identifier) => ByAnyIdentifier([identifier]);

    /// <summary>Criteria that find the resources holding any of the identifiers (values joined by commas: OR).</summary>
    public static string ByAnyIdentifier(IEnumerable<Identifier> identifiers) =>
        FhirRequest.ToQueryString([new("identifier", string.Join(',', identifiers.Select(i => $"{EscapeToken(i.System)}|{EscapeToken(i.Value)}")))]);

    /// <summary>Search value escaping (search.html#escaping): identifiers from a message may hold , $ | or \.</summary>
    private static string EscapeToken(string? text) =>
        (text ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private void Add(string key, Bundle.EntryComponent entry)
    {
        entries.Add(entry);
        byTarget[key] = entry;
        Focus.Add(entry.Request?.Method == Bundle.HTTPVerb.PUT && !key.Contains('?', StringComparison.Ordinal) ? key : entry.FullUrl ?? key);
    }
}
