using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir.Rest;

namespace Leodis.Fhir.Search;

/// <summary>
/// Reads a search's query parameters into a <see cref="SearchRequest"/>. Unknown or malformed parameters are left out
/// under lenient handling (the default) and are a 400 naming the parameter under Prefer: handling=strict.
/// </summary>
public sealed class SearchRequestParser(SearchParameterRegistry registry)
{
    public const int MaxCount = 1000;

    private static readonly HashSet<string> Passive = ["_format", "_pretty", "_getpages", "_getpagesoffset"];

    private static readonly HashSet<string> KnownModifiers =
        ["missing", "exact", "contains", "text", "not", "of-type", "below", "above", "identifier"];

    public SearchRequest Parse(string? resourceType, IReadOnlyList<KeyValuePair<string, string>> query, bool strict)
    {
        var request = new SearchRequest(resourceType);
        foreach (var (key, value) in query)
        {
            if (Passive.Contains(key))
            {
                continue;
            }

            try
            {
                if (!ParseOne(request, key, value))
                {
                    throw FhirException.BadRequest($"The search parameter '{key}' is not known for {resourceType ?? "a system search"}.", key);
                }

                request.Understood.Add(new(key, value));
            }
            catch (FhirException) when (!strict)
            {
                request.Ignored.Add(key);
            }
        }

        return request;
    }

    private bool ParseOne(SearchRequest request, string key, string value)
    {
        switch (key)
        {
            case "_count":
                request.Count = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    ? Math.Min(count, MaxCount)
                    : throw FhirException.BadRequest($"_count must be a whole number, not '{value}'.", key);
                return true;
            case "_sort":
                foreach (var code in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    request.Sort.Add(SortKey(request.ResourceType, code));
                }

                return true;
            case "_summary":
                request.Summary = value switch
                {
                    "true" => SummaryType.True,
                    "text" => SummaryType.Text,
                    "data" => SummaryType.Data,
                    "count" => SummaryType.Count,
                    "false" => SummaryType.False,
                    _ => throw FhirException.BadRequest($"_summary must be true, text, data, count or false, not '{value}'.", key),
                };
                return true;
            case "_elements":
                // id and meta always stay, so a subsetted resource can still be told apart and fetched whole.
                request.Elements = ["id", "meta", .. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                return true;
            case "_total":
                request.Total = value is "none" or "estimate" or "accurate"
                    ? value
                    : throw FhirException.BadRequest($"_total must be none, estimate or accurate, not '{value}'.", key);
                return true;
            case "_type":
                foreach (var type in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    request.Types.Add(Interaction.IsResourceType(type) ? type : throw FhirException.BadRequest($"'{type}' is not a resource type.", key));
                }

                return true;
            case "_include" or "_include:iterate" or "_revinclude" or "_revinclude:iterate":
                request.Includes.Add(Include(request.ResourceType, key, value));
                return true;
        }

        if (request.ResourceType is null && key is not ("_id" or "_lastUpdated" or "_tag" or "_profile" or "_security" or "_source"))
        {
            return false;
        }

        request.Criteria.Add(Criterion(request.ResourceType ?? "Resource", key, value));
        return true;
    }

    private Criterion Criterion(string resourceType, string key, string value)
    {
        var values = SearchValue.SplitOr(value);
        if (key.StartsWith("_has:", StringComparison.Ordinal))
        {
            return Has(resourceType, key, values);
        }

        var parts = key.Split('.');
        var types = new List<string> { resourceType };
        var chain = new List<ChainHop>();
        foreach (var part in parts[..^1])
        {
            var (code, typeModifier) = SplitModifier(part);
            var reference = Find(types, code) ?? throw Unknown(key);
            if (reference.Type != SearchParamType.Reference)
            {
                throw FhirException.BadRequest($"'{code}' is not a reference parameter, so '{key}' cannot chain through it.", key);
            }

            var targets = typeModifier is not null ? [typeModifier] : reference.Targets.Count > 0 ? reference.Targets.ToList() : [.. Hl7.Fhir.Model.ModelInfo.SupportedResources];
            chain.Add(new ChainHop(reference, targets));
            types = targets;
        }

        var (last, modifier) = SplitModifier(parts[^1]);
        var nextHop = parts.Length > 1 ? parts[^1].Split(':')[0] : null;
        if (chain.Count > 0)
        {
            // Keep only the target types that have the chained parameter.
            var hop = chain[^1];
            var having = hop.TargetTypes.Where(t => registry.Find(t, nextHop!) is not null).ToList();
            if (having.Count == 0)
            {
                throw Unknown(key);
            }

            chain[^1] = hop with { TargetTypes = having };
            types = having;
        }

        var parameter = Find(types, last) ?? throw Unknown(key);
        CheckModifier(parameter, modifier, key);
        return new Criterion(parameter, modifier, values, chain, []);
    }

    private Criterion Has(string resourceType, string key, IReadOnlyList<string> values)
    {
        var hops = new List<HasHop>();
        var rest = key;
        var target = resourceType;
        while (rest.StartsWith("_has:", StringComparison.Ordinal))
        {
            var parts = rest.Split(':', 4);
            if (parts.Length < 4 || !Interaction.IsResourceType(parts[1]))
            {
                throw FhirException.BadRequest($"'{key}' is not a valid _has parameter (_has:Type:reference:parameter).", key);
            }

            var reference = registry.Find(parts[1], parts[2]);
            if (reference is not { Type: SearchParamType.Reference } ||
                (reference.Targets.Count > 0 && !reference.Targets.Contains(target)))
            {
                throw FhirException.BadRequest($"{parts[1]}.{parts[2]} is not a reference to {target}.", key);
            }

            hops.Add(new HasHop(parts[1], reference));
            target = parts[1];
            rest = parts[3];
        }

        var inner = Criterion(target, rest, string.Join(',', values));
        return inner with { Has = hops };
    }

    private SearchParameterDefinition? Find(IEnumerable<string> types, string code) =>
        types.Select(t => registry.Find(t, code)).FirstOrDefault(p => p is not null);

    private static (string Code, string? Modifier) SplitModifier(string part)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (part, null) : (part[..colon], part[(colon + 1)..]);
    }

    private static void CheckModifier(SearchParameterDefinition parameter, string? modifier, string key)
    {
        if (modifier is null || KnownModifiers.Contains(modifier))
        {
            return;
        }

        if (parameter.Type == SearchParamType.Reference && Interaction.IsResourceType(modifier))
        {
            return;
        }

        throw FhirException.BadRequest($"The modifier ':{modifier}' is not supported on '{parameter.Code}'.", key);
    }

    private SortKey SortKey(string? resourceType, string code)
    {
        var descending = code.StartsWith('-');
        var name = descending ? code[1..] : code;
        if (name is "_id" or "_lastUpdated")
        {
            return new SortKey(name, null, descending);
        }

        var parameter = registry.Find(resourceType ?? "Resource", name)
            ?? throw FhirException.BadRequest($"Cannot sort by '{name}': it is not a search parameter of {resourceType}.", "_sort");
        return new SortKey(name, parameter, descending);
    }

    private IncludeDirective Include(string? resourceType, string key, string value)
    {
        var reverse = key.StartsWith("_revinclude", StringComparison.Ordinal);
        var iterate = key.EndsWith(":iterate", StringComparison.Ordinal);
        if (value == "*")
        {
            return new IncludeDirective(reverse, resourceType ?? "*", null, null, iterate);
        }

        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || !Interaction.IsResourceType(parts[0]))
        {
            throw FhirException.BadRequest($"'{value}' is not Type:parameter[:targetType].", key);
        }

        if (parts[1] == "*")
        {
            return new IncludeDirective(reverse, parts[0], null, null, iterate);
        }

        var reference = registry.Find(parts[0], parts[1]);
        if (reference is not { Type: SearchParamType.Reference })
        {
            throw FhirException.BadRequest($"{parts[0]}.{parts[1]} is not a reference parameter.", key);
        }

        var target = parts.Length == 3 ? parts[2] : null;
        if (target is not null && !Interaction.IsResourceType(target))
        {
            throw FhirException.BadRequest($"'{target}' is not a resource type.", key);
        }

        return new IncludeDirective(reverse, parts[0], reference, target, iterate);
    }

    private static FhirException Unknown(string key) => FhirException.BadRequest($"The search parameter '{key}' is not known here.", key);
}
