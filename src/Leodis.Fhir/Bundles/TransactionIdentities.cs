using Hl7.Fhir.Model;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Bundles;

/// <summary>
/// The ids a transaction gives its new resources, and what each entry's fullUrl resolves to, so references between
/// entries (urn:uuid or absolute) can be rewritten before anything is written.
/// </summary>
internal sealed class TransactionIdentities
{
    public Dictionary<int, string> AssignedIds { get; } = [];

    public Dictionary<string, string> References { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string> conditionalTargets = new(StringComparer.Ordinal);

    /// <summary>Conditional creates whose If-None-Exist found the resource: nothing is created for them.</summary>
    public Dictionary<int, StoredResource> Existing { get; } = [];

    public static TransactionIdentities Assign(IReadOnlyList<EntryRequest> entries)
    {
        var result = new TransactionIdentities();
        var fullUrls = new Dictionary<string, int>(StringComparer.Ordinal);
        var targets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var interaction = entry.Interaction;
            string? identity = null;
            if (interaction.Kind is InteractionKind.Create or InteractionKind.ConditionalUpdate)
            {
                var id = Guid.NewGuid().ToString();
                result.AssignedIds[entry.Index] = id;
                identity = $"{interaction.ResourceType}/{id}";
            }
            else if (interaction.Kind is InteractionKind.Update or InteractionKind.Patch or InteractionKind.Delete)
            {
                identity = $"{interaction.ResourceType}/{interaction.Id}";
                if (!targets.TryAdd(identity, entry.Index))
                {
                    throw FhirException.BadRequest(
                        $"Entries {targets[identity]} and {entry.Index} both change {identity}; a transaction may change a resource once.",
                        $"Bundle.entry[{entry.Index}].request.url");
                }
            }

            if (entry.FullUrl is not { } fullUrl)
            {
                continue;
            }

            var key = RestfulKey(fullUrl);
            if (!fullUrls.TryAdd(key, entry.Index))
            {
                throw FhirException.BadRequest(
                    $"Entries {fullUrls[key]} and {entry.Index} have the same fullUrl '{fullUrl}'.", $"Bundle.entry[{entry.Index}].fullUrl");
            }

            if (identity is not null)
            {
                result.References[fullUrl] = identity;
            }
        }

        foreach (var (target, index) in targets)
        {
            if (fullUrls.TryGetValue(target, out var other) && other != index && entries[other].Interaction.Kind == InteractionKind.Create)
            {
                throw FhirException.BadRequest(
                    $"Entry {other} creates a resource whose fullUrl names {target}, which entry {index} also changes.",
                    $"Bundle.entry[{other}].fullUrl");
            }
        }

        return result;
    }

    /// <summary>
    /// Looks up, inside the transaction's session, what conditional entries name: a conditional create that finds its
    /// resource, or a conditional update that finds one, makes its fullUrl point at that resource.
    /// </summary>
    public async Task ResolveConditionalAsync(IReadOnlyList<EntryRequest> entries, FhirEngine engine, IStoreSession session, string baseUrl, CancellationToken ct)
    {
        // Every criteria lock of the transaction at once, before any search: see IStoreSession.LockAsync.
        await session.LockAsync(entries.Where(e => CriteriaOf(e) is not null).Select(e => FhirEngine.CriteriaKey(e.Interaction.ResourceType!, CriteriaOf(e)!)).ToList(), ct);
        foreach (var entry in entries)
        {
            var (kind, type) = (entry.Interaction.Kind, entry.Interaction.ResourceType!);
            var criteria = CriteriaOf(entry);
            if (criteria is null)
            {
                continue;
            }

            var matches = await engine.MatchAsync(type, criteria, session, baseUrl, ct);
            if (matches.Count > 1)
            {
                throw FhirException.PreconditionFailed($"Bundle.entry[{entry.Index}]: the criteria '{criteria}' match more than one {type}.");
            }

            // A conditional reference with the same criteria means this entry's resource, found or about to be made.
            conditionalTargets[FhirEngine.CriteriaKey(type, criteria)] = $"{type}/{(matches.Count == 1 ? matches[0].Resource.Id : AssignedIds[entry.Index])}";

            if (matches.Count == 1)
            {
                var found = matches[0].Resource;
                AssignedIds[entry.Index] = found.Id;
                if (kind == InteractionKind.Create)
                {
                    Existing[entry.Index] = found;
                }

                if (entry.FullUrl is { } fullUrl)
                {
                    References[fullUrl] = $"{type}/{found.Id}";
                }
            }
        }
    }

    /// <summary>True when an entry is conditional or a body holds a conditional reference: the store must be asked first.</summary>
    public bool NeedsStore(IReadOnlyList<EntryRequest> entries) => entries.Any(entry =>
        (entry.Interaction.Kind == InteractionKind.Create && entry.Request.IfNoneExist is not null)
        || entry.Interaction.Kind == InteractionKind.ConditionalUpdate
        || (entry.Request.Body is { } body
            && ReferenceRewriter.References(body).Any(r => r.Contains('?', StringComparison.Ordinal) && !References.ContainsKey(r))));

    /// <summary>Conditional references ("Patient?identifier=...") in a body, resolved to the one resource they match.</summary>
    public async Task ResolveConditionalReferencesAsync(Resource body, FhirEngine engine, IStoreSession session, string baseUrl, CancellationToken ct)
    {
        foreach (var target in ReferenceRewriter.References(body).Where(r => r.Contains('?', StringComparison.Ordinal) && !References.ContainsKey(r)))
        {
            var question = target.IndexOf('?', StringComparison.Ordinal);
            var type = target[..question];
            if (!Interaction.IsResourceType(type))
            {
                throw FhirException.BadRequest($"The conditional reference '{target}' does not start with a resource type.");
            }

            if (conditionalTargets.TryGetValue(FhirEngine.CriteriaKey(type, target[(question + 1)..]), out var inBundle))
            {
                References[target] = inBundle;
                continue;
            }

            var matches = await engine.MatchAsync(type, target[(question + 1)..], session, baseUrl, ct);
            References[target] = matches.Count switch
            {
                0 => throw FhirException.BadRequest($"The conditional reference '{target}' matches no resource."),
                > 1 => throw FhirException.PreconditionFailed($"The conditional reference '{target}' matches more than one resource."),
                _ => $"{type}/{matches[0].Resource.Id}",
            };
        }
    }

    /// <summary>The criteria of a conditional create or update entry, else null.</summary>
    private static string? CriteriaOf(EntryRequest entry) => entry.Interaction.Kind switch
    {
        InteractionKind.Create => entry.Request.IfNoneExist,
        InteractionKind.ConditionalUpdate => FhirRequest.ToQueryString(entry.Request.Query),
        _ => null,
    };

    /// <summary>"http://any/base/Patient/1" and "Patient/1" are the same resource; urn:uuid values stay as they are.</summary>
    private static string RestfulKey(string fullUrl)
    {
        if (fullUrl.StartsWith("urn:", StringComparison.Ordinal))
        {
            return fullUrl;
        }

        var segments = fullUrl.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && Interaction.IsResourceType(segments[^2]) ? $"{segments[^2]}/{segments[^1]}" : fullUrl;
    }
}
