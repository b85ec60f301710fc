using System.Collections.Concurrent;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace Leodis.Fhir.Search;

/// <summary>
/// Every search parameter R4 defines, for every resource type, from the specification data that ships with the Firely
/// SDK: ModelInfo's compiled definitions, plus the Resource-level ones (_id, _lastUpdated, _tag, _profile, _security,
/// _source) read from specification.zip. Custom SearchParameter resources are added with <see cref="Add"/>.
/// </summary>
public sealed class SearchParameterRegistry
{
    private readonly ConcurrentDictionary<(string Type, string Code), SearchParameterDefinition> byCode = new();
    private readonly ConcurrentDictionary<string, SearchParameterDefinition> byUrl = new(StringComparer.Ordinal);

    private SearchParameterRegistry()
    {
    }

    /// <summary>The spec's parameters, built once per process.</summary>
    public static SearchParameterRegistry Default { get; } = CreateDefault();

    public static SearchParameterRegistry CreateDefault()
    {
        var registry = new SearchParameterRegistry();
        foreach (var definition in ModelInfo.SearchParameters)
        {
            if (definition.Resource is not { } type || !ModelInfo.IsKnownResource(type) || (definition.Code ?? definition.Name) is not { } code)
            {
                continue;
            }

            registry.Add(new SearchParameterDefinition(
                type,
                code,
                definition.Type,
                definition.Expression is { } expression ? ForType(expression, type) : null,
                definition.Url ?? string.Empty,
                definition.Target?.Select(t => t.ToString()).ToArray() ?? [],
                definition.Component?.Select(c => new SearchParameterComponent(c.Definition, c.Expression)).ToArray() ?? []));
        }

        foreach (var baseParameter in ResourceLevelParameters())
        {
            foreach (var type in ModelInfo.SupportedResources)
            {
                registry.Add(baseParameter with { ResourceType = type });
            }
        }

        return registry;
    }

    public void Add(SearchParameterDefinition definition)
    {
        byCode[(definition.ResourceType, definition.Code)] = definition;
        byUrl.TryAdd(definition.Url, definition);
    }

    public SearchParameterDefinition? Find(string resourceType, string code) =>
        byCode.TryGetValue((resourceType, code), out var definition) ? definition : null;

    public SearchParameterDefinition? FindByUrl(string url) => byUrl.TryGetValue(url, out var definition) ? definition : null;

    public IEnumerable<SearchParameterDefinition> For(string resourceType) =>
        byCode.Values.Where(d => d.ResourceType == resourceType).OrderBy(d => d.Code, StringComparer.Ordinal);

    public IEnumerable<SearchParameterDefinition> All => byCode.Values;

    /// <summary>
    /// Shared parameters (code, identifier, patient, date...) have one expression naming thirty resource types joined by
    /// "|". Keeping only the branches for <paramref name="type"/> gives the same values at a fraction of the cost.
    /// </summary>
    internal static string ForType(string expression, string type)
    {
        var branches = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'' && (i == 0 || expression[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == '|')
            {
                branches.Add(expression[start..i].Trim());
                start = i + 1;
            }
        }

        branches.Add(expression[start..].Trim());
        if (branches.Count == 1)
        {
            return expression;
        }

        var mine = branches.Where(b => b.TrimStart('(').StartsWith(type + ".", StringComparison.Ordinal) || b.TrimStart('(') == type).ToList();
        return mine.Count == 0 ? expression : string.Join(" | ", mine);
    }

    /// <summary>The Resource-level parameters from search-parameters.xml in the Firely specification package.</summary>
    private static List<SearchParameterDefinition> ResourceLevelParameters()
    {
        var zip = Path.Combine(AppContext.BaseDirectory, "specification.zip");
        if (!File.Exists(zip))
        {
            throw new FileNotFoundException("specification.zip (Hl7.Fhir.Specification.Data.R4) is missing from the output folder.", zip);
        }

        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.GetEntry("search-parameters.xml")!.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        XNamespace fhir = "http://hl7.org/fhir";
        var results = new List<SearchParameterDefinition>();
        while (reader.ReadToFollowing("SearchParameter", fhir.NamespaceName))
        {
            var parameter = XElement.Load(reader.ReadSubtree());
            string? Value(string name) => parameter.Element(fhir + name)?.Attribute("value")?.Value;
            if (parameter.Elements(fhir + "base").Any(b => b.Attribute("value")?.Value == "Resource") &&
                Value("expression") is { } expression && Value("code") is { } code &&
                EnumUtility.ParseLiteral<SearchParamType>(Value("type") ?? string.Empty) is { } type)
            {
                results.Add(new SearchParameterDefinition("Resource", code, type, expression, Value("url") ?? string.Empty, [], []));
            }
        }

        return results;
    }
}
