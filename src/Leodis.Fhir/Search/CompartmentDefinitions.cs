using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Leodis.Fhir.Search;

/// <summary>
/// The spec's compartments (Patient, Encounter, RelatedPerson, Practitioner, Device), read once from the
/// CompartmentDefinition resources in the Firely specification package: for each compartment, the resource types in
/// it and the reference parameters that put a resource there.
/// </summary>
public sealed class CompartmentDefinitions
{
    private readonly Dictionary<string, Dictionary<string, string[]>> compartments;

    private CompartmentDefinitions(Dictionary<string, Dictionary<string, string[]>> compartments) => this.compartments = compartments;

    public static CompartmentDefinitions Default { get; } = Load();

    public bool IsCompartment(string type) => compartments.ContainsKey(type);

    /// <summary>The parameters of <paramref name="resourceType"/> that link it into a <paramref name="compartment"/>; empty if none.</summary>
    public IReadOnlyList<string> Parameters(string compartment, string resourceType) =>
        compartments.TryGetValue(compartment, out var types) && types.TryGetValue(resourceType, out var parameters) ? parameters : [];

    /// <summary>The resource types that can be in the compartment.</summary>
    public IEnumerable<string> Types(string compartment) =>
        compartments.TryGetValue(compartment, out var types) ? types.Where(t => t.Value.Length > 0).Select(t => t.Key) : [];

    private static CompartmentDefinitions Load()
    {
        XNamespace fhir = "http://hl7.org/fhir";
        var result = new Dictionary<string, Dictionary<string, string[]>>(StringComparer.Ordinal);
        using var archive = ZipFile.OpenRead(Path.Combine(AppContext.BaseDirectory, "specification.zip"));
        using var stream = archive.GetEntry("profiles-resources.xml")!.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        while (reader.ReadToFollowing("CompartmentDefinition", fhir.NamespaceName))
        {
            var definition = XElement.Load(reader.ReadSubtree());
            var code = definition.Element(fhir + "code")?.Attribute("value")?.Value;
            if (code is null)
            {
                continue;
            }

            result[code] = definition.Elements(fhir + "resource").ToDictionary(
                r => r.Element(fhir + "code")!.Attribute("value")!.Value,
                r => r.Elements(fhir + "param").Select(p => p.Attribute("value")!.Value).ToArray(),
                StringComparer.Ordinal);
        }

        return new CompartmentDefinitions(result);
    }
}
