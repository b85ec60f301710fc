using Hl7.Fhir.Model;

namespace Leodis.Server.Tests.Search.Oracle;

/// <summary>The oracle's answers for result parameters: what _include and _revinclude add, and the order _sort asks for.</summary>
public sealed partial class SearchOracle
{
    /// <summary>
    /// What _include / _revinclude bring in beside the matches (search.html#include): for _include, the resources a
    /// match's named reference parameter points at; for _revinclude, the resources whose named reference points at a
    /// match; a :iterate directive applies again to what was included, until nothing new comes in.
    /// </summary>
    public HashSet<string> IncludedKeys(string query)
    {
        var directives = Pairs(query).Where(p => p.Key.StartsWith("_include", StringComparison.Ordinal) || p.Key.StartsWith("_revinclude", StringComparison.Ordinal)).ToList();
        var matches = Matches(query);
        var matched = matches.Select(Key).ToHashSet(StringComparer.Ordinal);
        var included = new HashSet<string>(StringComparer.Ordinal);
        var frontier = matches;
        for (var round = 0; frontier.Count > 0; round++)
        {
            var next = new List<Resource>();
            foreach (var (key, value) in directives.Where(d => round == 0 || d.Key.EndsWith(":iterate", StringComparison.Ordinal)))
            {
                next.AddRange(Include(key.StartsWith("_revinclude", StringComparison.Ordinal), value, frontier)
                    .Where(r => !matched.Contains(Key(r)) && included.Add(Key(r))));
            }

            frontier = next;
        }

        return included;
    }

    /// <summary>The sort key of a resource for each "_sort" entry: ascending takes a resource's lowest value, descending its highest (search.html#sort).</summary>
    public object?[] SortKeys(Resource resource, string sort) =>
        sort.Split(',').Select(code => SortValue(resource, code.TrimStart('-'), code.StartsWith('-'))).ToArray();

    /// <summary>The sort keys of the matches in the order _sort asks for.</summary>
    public List<object?[]> ExpectedOrder(IEnumerable<Resource> matches, string sort)
    {
        var descending = sort.Split(',').Select(c => c.StartsWith('-')).ToArray();
        var keys = matches.Select(m => SortKeys(m, sort)).ToList();
        keys.Sort((a, b) =>
        {
            for (var i = 0; i < a.Length; i++)
            {
                var order = CompareKeys(a[i], b[i]) * (descending[i] ? -1 : 1);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        });
        return keys;
    }

    public static string Describe(object?[] keys) => string.Join(" | ", keys.Select(k => k switch
    {
        null => "(none)",
        DateTimeOffset d => d.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture),
    }));

    private static int CompareKeys(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => Comparer<object>.Default.Compare(a, b),
    };

    private object? SortValue(Resource resource, string code, bool descending)
    {
        if (code == "_id")
        {
            return resource.Id;
        }

        var parameter = Parameter(resource.TypeName, code) ?? throw new ArgumentException($"{resource.TypeName} has no parameter '{code}'.", nameof(code));
        var values = Values(resource, parameter);
        var keys = parameter.Type switch
        {
            SearchParamType.Date => values.Select(ValueMatch.Date).OfType<ExpectedDateRange>().Select(d => (object)(descending ? d.High : d.Low)),
            SearchParamType.String => values.SelectMany(ValueMatch.Strings).Select(s => (object)ValueMatch.Fold(s)),
            SearchParamType.Token => values.SelectMany(ValueMatch.Tokens).Select(t => t.Code).OfType<object>(),
            SearchParamType.Quantity => values.SelectMany(ValueMatch.Quantities).Select(q => (object)q.Value),
            SearchParamType.Number => values.Select(ValueMatch.Number).OfType<decimal>().Select(n => (object)n),
            _ => values.Select(v => ValueMatch.Reference(v).Target).OfType<object>(),
        };
        var ordered = keys.Order(Comparer<object>.Create(CompareKeys)).ToList();
        return ordered.Count == 0 ? null : descending ? ordered[^1] : ordered[0];
    }

    private IEnumerable<Resource> Include(bool reverse, string directive, List<Resource> frontier)
    {
        var parts = directive.Split(':');
        var (source, code, target) = (parts[0], parts.Length > 1 ? parts[1] : "*", parts.Length > 2 ? parts[2] : null);
        var codes = code == "*" ? ReferenceCodes(source).ToList() : [code];
        if (!reverse)
        {
            return frontier.Where(r => r.TypeName == source).SelectMany(r => codes.SelectMany(c => Targets(r, c, target)));
        }

        var wanted = frontier.Select(Key).ToHashSet(StringComparer.Ordinal);
        return OfType(source).Where(s => codes.Any(c => Targets(s, c, target).Any(t => wanted.Contains(Key(t)))));
    }
}
