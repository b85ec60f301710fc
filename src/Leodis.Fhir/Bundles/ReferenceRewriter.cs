using Hl7.Fhir.Model;

namespace Leodis.Fhir.Bundles;

/// <summary>
/// Replaces references to other entries of a transaction (by fullUrl) with the ids those entries get, anywhere in a
/// resource: Reference.reference, uri-typed values and links in the narrative.
/// </summary>
internal static class ReferenceRewriter
{
    /// <summary>
    /// Rewrites the references; each change adds to <paramref name="undo"/> the action that restores the old value, so
    /// a transaction that runs again (after a concurrent write) starts from the bundle as it was sent.
    /// </summary>
    public static void Rewrite(Resource resource, IReadOnlyDictionary<string, string> references, List<Action> undo)
    {
        foreach (var (element, location) in ElementWalk.Descendants(resource, resource.TypeName))
        {
            switch (element)
            {
                case ResourceReference { Reference: { } target } reference:
                    if (references.TryGetValue(target, out var resolved))
                    {
                        reference.Reference = resolved;
                        undo.Add(() => reference.Reference = target);
                    }
                    else if (target.StartsWith("urn:uuid:", StringComparison.Ordinal) || target.StartsWith("urn:oid:", StringComparison.Ordinal))
                    {
                        throw FhirException.BadRequest($"The reference '{target}' names no entry of this transaction.", $"{location}.reference");
                    }

                    break;
                case FhirUri { Value: { } uri } fhirUri when references.TryGetValue(uri, out var resolvedUri):
                    fhirUri.Value = resolvedUri;
                    undo.Add(() => fhirUri.Value = uri);
                    break;
                case Narrative { Div: { } div } narrative when div.Contains("urn:", StringComparison.Ordinal):
                    var original = div;
                    undo.Add(() => narrative.Div = original);
                    foreach (var (from, to) in references)
                    {
                        div = div.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal);
                    }

                    narrative.Div = div;
                    break;
            }
        }
    }

    /// <summary>Every Reference.reference in a resource.</summary>
    public static List<string> References(Resource resource) =>
        ElementWalk.Descendants(resource, resource.TypeName)
            .Select(e => e.Element)
            .OfType<ResourceReference>()
            .Select(r => r.Reference)
            .OfType<string>()
            .ToList();
}
