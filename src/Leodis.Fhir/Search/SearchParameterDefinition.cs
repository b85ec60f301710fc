using Hl7.Fhir.Model;

namespace Leodis.Fhir.Search;

/// <summary>
/// One search parameter of one resource type: its code, type and FHIRPath expression (SearchParameter in the spec).
/// <see cref="Key"/> is a stable number naming (type, code) in the index tables.
/// </summary>
public sealed record SearchParameterDefinition(
    string ResourceType,
    string Code,
    SearchParamType Type,
    string? Expression,
    string Url,
    IReadOnlyList<string> Targets,
    IReadOnlyList<SearchParameterComponent> Components)
{
    /// <summary>Computed, not stored: a copy made with "with" for another resource type must get its own key.</summary>
    public int Key => StableKey(ResourceType, Code);

    /// <summary>FNV-1a of "Type.code": the same on every machine and release, so index rows never need renumbering.</summary>
    public static int StableKey(string resourceType, string code)
    {
        const uint offset = 2166136261, prime = 16777619;
        var hash = offset;
        foreach (var c in $"{resourceType}.{code}")
        {
            hash = (hash ^ c) * prime;
        }

        return (int)hash;
    }
}

/// <summary>A part of a composite parameter: the parameter it reuses (by canonical URL) and its expression relative to the composite's.</summary>
public sealed record SearchParameterComponent(string DefinitionUrl, string Expression);
