using System.Collections.Concurrent;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Leodis.Server.Tests.Search.Oracle;

/// <summary>
/// What a search should find among resources the test holds: each parameter's FHIRPath expression (from the Firely
/// SDK's R4 definitions) evaluated on the resources, and search.html's rules applied in plain C#. The engine is never
/// consulted, so an answer that disagrees with the server's is evidence of a bug on one side.
/// </summary>
public sealed partial class SearchOracle
{
    /// <summary>Parameters that shape the result rather than select resources.</summary>
    public static readonly HashSet<string> ResultParameters =
        ["_sort", "_count", "_include", "_include:iterate", "_revinclude", "_revinclude:iterate", "_summary", "_elements", "_total", "_format"];

    private static readonly string[] ResourceLevel = ["_id", "_lastUpdated", "_tag", "_security", "_profile"];

    private readonly Dictionary<string, Resource> byReference;
    private readonly ConcurrentDictionary<(string Resource, string Expression), IReadOnlyList<Base>> evaluated = new();
    private readonly FhirEvaluationContext context;

    public SearchOracle(IEnumerable<Resource> resources, string baseUrl)
    {
        All = resources.ToList();
        BaseUrl = baseUrl;
        byReference = All.ToDictionary(Key, StringComparer.Ordinal);
        context = new FhirEvaluationContext { ElementResolver = reference => Resolve(reference)?.ToPocoNode() };
    }

    public IReadOnlyList<Resource> All { get; }

    public string BaseUrl { get; }

    public static string Key(Resource resource) => $"{resource.TypeName}/{resource.Id}";

    public IEnumerable<Resource> OfType(string type) => All.Where(r => r.TypeName == type);

    public Resource? Resolve(string reference)
    {
        var local = reference.StartsWith(BaseUrl + "/", StringComparison.Ordinal) ? reference[(BaseUrl.Length + 1)..] : reference;
        return byReference.GetValueOrDefault(ValueMatch.LocalOrAbsolute(local));
    }

    /// <summary>A parameter of a type, from ModelInfo; the Resource-level ones (_id, _lastUpdated, _tag ...) by their spec expressions.</summary>
    public static SearchParamDefinition? Parameter(string type, string code) => code switch
    {
        "_id" => Base(type, code, SearchParamType.Token, "id"),
        "_lastUpdated" => Base(type, code, SearchParamType.Date, "meta.lastUpdated"),
        "_tag" => Base(type, code, SearchParamType.Token, "meta.tag"),
        "_security" => Base(type, code, SearchParamType.Token, "meta.security"),
        "_profile" => Base(type, code, SearchParamType.Uri, "meta.profile"),
        "_source" => Base(type, code, SearchParamType.Uri, "meta.source"),
        _ => ModelInfo.SearchParameters.FirstOrDefault(p => p.Resource == type && (p.Code ?? p.Name) == code),
    };

    /// <summary>The parameters of a type that select by value (not _text, _content, near and other special ones).</summary>
    public static IEnumerable<SearchParamDefinition> Parameters(string type) =>
        ModelInfo.SearchParameters.Where(p => p.Resource == type && p.Type != SearchParamType.Special && p.Expression is not null)
            .Concat(ResourceLevel.Select(c => Parameter(type, c)!));

    public static string Code(SearchParamDefinition parameter) => parameter.Code ?? parameter.Name!;

    /// <summary>The elements the parameter's expression selects on the resource (nothing when the SDK cannot evaluate it there).</summary>
    public IReadOnlyList<Base> Values(Resource resource, SearchParamDefinition parameter) =>
        evaluated.GetOrAdd((Key(resource), parameter.Expression!), _ => Evaluate(resource, parameter.Expression!));

    public IReadOnlyList<Base> Evaluate(Base element, string expression)
    {
        try
        {
            return element.Select(expression, context).OfType<Base>().ToList();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or FormatException)
        {
            return [];
        }
    }

    /// <summary>The type and the criteria of "Type?a=1&amp;b=2" (values as written, unencoded), without result parameters.</summary>
    public static (string Type, List<(string Key, string Value)> Criteria) Parse(string query)
    {
        var question = query.IndexOf('?', StringComparison.Ordinal);
        return (question < 0 ? query : query[..question], Pairs(query).Where(p => !ResultParameters.Contains(p.Key)).ToList());
    }

    /// <summary>Every key=value pair of the query, result parameters too.</summary>
    public static List<(string Key, string Value)> Pairs(string query)
    {
        var question = query.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? [] : query[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: p[0], Value: p.Length > 1 ? p[1] : string.Empty))
            .ToList();
    }

    /// <summary>The resources the query's criteria select: every criterion (AND), each of its comma-separated values (OR).</summary>
    public List<Resource> Matches(string query)
    {
        var (type, criteria) = Parse(query);
        return OfType(type).Where(r => criteria.All(c => Matches(r, c.Key, c.Value))).ToList();
    }

    public HashSet<string> MatchKeys(string query) => Matches(query).Select(Key).ToHashSet(StringComparer.Ordinal);

    public bool Matches(Resource resource, string key, string value)
    {
        if (key.StartsWith("_has:", StringComparison.Ordinal))
        {
            var parts = key.Split(':', 4);
            var target = Key(resource);
            return OfType(parts[1]).Any(source => Targets(source, parts[2], null).Any(t => Key(t) == target) && Matches(source, parts[3], value));
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var (reference, type) = SplitModifier(key[..dot]);
            var rest = key[(dot + 1)..];
            var next = SplitModifier(rest.Split('.')[0]).Code;
            return Targets(resource, reference, type).Any(t => Parameter(t.TypeName, next) is not null && Matches(t, rest, value));
        }

        var (code, modifier) = SplitModifier(key);
        var parameter = Parameter(resource.TypeName, code) ?? throw new ArgumentException($"{resource.TypeName} has no search parameter '{code}'.", nameof(key));
        var values = Values(resource, parameter);
        if (modifier == "missing")
        {
            return values.Any(v => HasValue(parameter, v)) == (value == "false");
        }

        var any = SearchSyntax.SplitKeepingEscapes(value, ',').Any(v => values.Any(e => Leaf(parameter, e, modifier, v)));
        return modifier == "not" ? !any : any;
    }

    /// <summary>Whether a selected element has a searchable value; a composite's element needs a value for every component.</summary>
    public bool HasValue(SearchParamDefinition parameter, Base element) => parameter.Type != SearchParamType.Composite
        ? ValueMatch.HasValue(parameter.Type, element)
        : (parameter.Component ?? []).All(c => Evaluate(element, c.Expression).Any(v => ValueMatch.HasValue(ComponentType(c), v)));

    /// <summary>The resources the reference parameter points at from the resource (of the type given, if one is).</summary>
    public IEnumerable<Resource> Targets(Resource resource, string referenceCode, string? type)
    {
        var parameter = Parameter(resource.TypeName, referenceCode);
        if (parameter is not { Type: SearchParamType.Reference })
        {
            return [];
        }

        return Values(resource, parameter)
            .Select(v => ValueMatch.Reference(v).Target)
            .OfType<string>()
            .Select(Resolve)
            .OfType<Resource>()
            .Where(t => type is null || t.TypeName == type)
            .Distinct();
    }

    /// <summary>The reference parameters of a type, for _include=Type:*.</summary>
    public static IEnumerable<string> ReferenceCodes(string type) =>
        ModelInfo.SearchParameters.Where(p => p.Resource == type && p.Type == SearchParamType.Reference && p.Expression is not null).Select(Code);

    private bool Leaf(SearchParamDefinition parameter, Base element, string? modifier, string value) => parameter.Type switch
    {
        SearchParamType.String => ValueMatch.StringMatches(element, modifier, SearchSyntax.Unescape(value)),
        SearchParamType.Token => ValueMatch.TokenMatches(element, modifier == "not" ? null : modifier, value),
        SearchParamType.Reference => ValueMatch.ReferenceMatches(element, modifier, value, parameter.Target?.Select(t => t.ToString()).ToList() ?? [], BaseUrl),
        SearchParamType.Date => ValueMatch.DateMatches(element, SearchSyntax.Unescape(value)),
        SearchParamType.Number => ValueMatch.Number(element) is { } number && ValueMatch.NumberMatches(number, SearchSyntax.Unescape(value)),
        SearchParamType.Quantity => ValueMatch.QuantityMatches(element, value),
        SearchParamType.Uri => ValueMatch.UriMatches(element, modifier, SearchSyntax.Unescape(value)),
        SearchParamType.Composite => Composite(parameter, element, value),
        _ => throw new ArgumentException($"{parameter.Type} parameters are not searched by value.", nameof(parameter)),
    };

    /// <summary>A composite value "a$b" matches when each part matches a component value of the same selected element.</summary>
    private bool Composite(SearchParamDefinition parameter, Base element, string value)
    {
        var parts = SearchSyntax.SplitKeepingEscapes(value, '$');
        var components = parameter.Component ?? [];
        if (parts.Count != components.Length)
        {
            throw new ArgumentException($"'{value}' needs {components.Length} parts for {Code(parameter)}.", nameof(value));
        }

        return components.Select((component, i) =>
        {
            var part = new SearchParamDefinition { Resource = parameter.Resource, Name = component.Definition, Type = ComponentType(component), Expression = component.Expression };
            return Evaluate(element, component.Expression).Any(v => Leaf(part, v, null, parts[i]));
        }).All(matched => matched);
    }

    public static SearchParamType ComponentType(SearchParamComponent component) =>
        ModelInfo.SearchParameters.First(d => d.Url == component.Definition).Type;

    private static (string Code, string? Modifier) SplitModifier(string part)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (part, null) : (part[..colon], part[(colon + 1)..]);
    }

    private static SearchParamDefinition Base(string type, string code, SearchParamType kind, string expression) =>
        new() { Resource = type, Name = code, Code = code, Type = kind, Expression = expression };
}
