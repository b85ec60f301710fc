using System.Collections;
using Hl7.Fhir.Model;

namespace Leodis.Fhir.Bundles;

/// <summary>
/// Replaces references to other entries of a transaction (by fullUrl) with the ids those entries get, anywhere in a
/// resource: Reference.reference, uri-typed values and links in the narrative.
/// </summary>
internal static class ReferenceRewriter
{
    public static void Rewrite(Resource resource, IReadOnlyDictionary<string, string> references) =>
        Visit(resource, references, resource.TypeName);

    /// <summary>Every Reference.reference in a resource.</summary>
    public static List<string> References(Resource resource)
    {
        var found = new List<string>();
        Collect(resource, found);
        return found;
    }

    private static void Collect(Base element, List<string> found)
    {
        if (element is ResourceReference { Reference: { } target })
        {
            found.Add(target);
        }

        foreach (var (_, value) in element.EnumerateElements())
        {
            if (value is IList list)
            {
                foreach (var item in list)
                {
                    if (item is Base child)
                    {
                        Collect(child, found);
                    }
                }
            }
            else if (value is Base child)
            {
                Collect(child, found);
            }
        }
    }

    private static void Visit(Base element, IReadOnlyDictionary<string, string> references, string path)
    {
        switch (element)
        {
            case ResourceReference { Reference: { } target } reference:
                if (references.TryGetValue(target, out var resolved))
                {
                    reference.Reference = resolved;
                }
                else if (target.StartsWith("urn:uuid:", StringComparison.Ordinal) || target.StartsWith("urn:oid:", StringComparison.Ordinal))
                {
                    throw FhirException.BadRequest($"The reference '{target}' names no entry of this transaction.", $"{path}.reference");
                }

                break;
            case FhirUri { Value: { } uri } fhirUri when references.TryGetValue(uri, out var resolvedUri):
                fhirUri.Value = resolvedUri;
                break;
            case Narrative { Div: { } div } narrative when div.Contains("urn:", StringComparison.Ordinal):
                foreach (var (from, to) in references)
                {
                    div = div.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal);
                }

                narrative.Div = div;
                break;
        }

        foreach (var (name, value) in element.EnumerateElements())
        {
            if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is Base child)
                    {
                        Visit(child, references, $"{path}.{name}[{i}]");
                    }
                }
            }
            else if (value is Base child)
            {
                Visit(child, references, $"{path}.{name}");
            }
        }
    }
}
