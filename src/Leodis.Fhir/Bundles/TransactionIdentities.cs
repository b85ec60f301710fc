using Leodis.Fhir.Rest;

namespace Leodis.Fhir.Bundles;

/// <summary>
/// The ids a transaction gives its new resources, and what each entry's fullUrl resolves to, so references between
/// entries (urn:uuid or absolute) can be rewritten before anything is written.
/// </summary>
internal sealed class TransactionIdentities
{
    public Dictionary<int, string> AssignedIds { get; } = [];

    public Dictionary<string, string> References { get; } = new(StringComparer.Ordinal);

    public static TransactionIdentities Assign(IReadOnlyList<EntryRequest> entries)
    {
        var result = new TransactionIdentities();
        var fullUrls = new Dictionary<string, int>(StringComparer.Ordinal);
        var targets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var interaction = entry.Interaction;
            string? identity = null;
            if (interaction.Kind == InteractionKind.Create)
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
