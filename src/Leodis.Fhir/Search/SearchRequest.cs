using Hl7.Fhir.Rest;

namespace Leodis.Fhir.Search;

/// <summary>A parsed search (search.html): the criteria, ANDed, and how results are shaped.</summary>
public sealed record SearchRequest(string? ResourceType)
{
    public List<Criterion> Criteria { get; } = [];

    public List<SortKey> Sort { get; } = [];

    public List<IncludeDirective> Includes { get; } = [];

    public List<string> Types { get; } = [];

    public int Count { get; set; } = 50;

    /// <summary>Limits the search to a compartment (Patient/123/Observation, $everything).</summary>
    public CompartmentFilter? Compartment { get; set; }

    public SummaryType Summary { get; set; } = SummaryType.False;

    public string[]? Elements { get; set; }

    public string? Total { get; set; }

    /// <summary>The parameters as understood, for the self link; parameters that were ignored are left out.</summary>
    public List<KeyValuePair<string, string>> Understood { get; } = [];

    /// <summary>Parameters ignored under lenient handling, reported in an outcome entry.</summary>
    public List<string> Ignored { get; } = [];
}

/// <summary>
/// One parameter's values, ORed: <paramref name="Chain"/> holds the reference hops before the final parameter
/// (subject:Patient.name has one hop), <paramref name="Has"/> the reverse-chain hops of _has.
/// </summary>
public sealed record Criterion(
    SearchParameterDefinition Parameter,
    string? Modifier,
    IReadOnlyList<string> Values,
    IReadOnlyList<ChainHop> Chain,
    IReadOnlyList<HasHop> Has);

/// <summary>A forward hop: follow <paramref name="Reference"/> to resources of <paramref name="TargetTypes"/>.</summary>
public sealed record ChainHop(SearchParameterDefinition Reference, IReadOnlyList<string> TargetTypes);

/// <summary>A reverse hop (_has:Type:param): resources of <paramref name="SourceType"/> that point here by <paramref name="Reference"/>.</summary>
public sealed record HasHop(string SourceType, SearchParameterDefinition Reference);

/// <summary>A _sort key.</summary>
public sealed record SortKey(string Code, SearchParameterDefinition? Parameter, bool Descending);

/// <summary>An _include or _revinclude: the source type, its reference parameter (null for *), an optional target type.</summary>
public sealed record IncludeDirective(bool Reverse, string SourceType, SearchParameterDefinition? Reference, string? TargetType, bool Iterate);

/// <summary>
/// A compartment (search.html#compartments): resources linked to <paramref name="Type"/>/<paramref name="Id"/> by one of
/// the parameter keys; with <paramref name="IncludeSelf"/> the compartment's own resource too ($everything).
/// </summary>
public sealed record CompartmentFilter(string Type, string Id, IReadOnlyList<int> ParameterKeys, bool IncludeSelf);
