using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;

namespace Leodis.Server.Tests.Search.Oracle;

/// <summary>
/// Whether one element a search parameter's expression selects matches one search value, by the rules search.html
/// gives for the parameter's type, written in plain C# for the tests and apart from the engine.
/// </summary>
public static partial class ValueMatch
{
    /// <summary>A coded value as token search sees it (search.html#token), with the texts :text looks at.</summary>
    public sealed record TokenValue(string? System, string? Code, IReadOnlyList<string> Texts, IReadOnlyList<(string? System, string? Code)> Types);

    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    public static IEnumerable<string> Strings(Base element) => element switch
    {
        HumanName n => new[] { n.Text, n.Family }.Concat(n.Given).Concat(n.Prefix).Concat(n.Suffix).OfType<string>(),
        Address a => new[] { a.Text, a.City, a.District, a.State, a.PostalCode, a.Country }.Concat(a.Line).OfType<string>(),
        PrimitiveType { JsonValue: string s } => [s],
        _ => [],
    };

    public static IEnumerable<TokenValue> Tokens(Base element) => element switch
    {
        Coding c => [new TokenValue(c.System, c.Code, Texts(c.Display), [])],
        CodeableConcept cc when cc.Coding.Count == 0 => cc.Text is null ? [] : [new TokenValue(null, null, [cc.Text], [])],
        CodeableConcept cc => cc.Coding.Select(c => new TokenValue(c.System, c.Code, Texts(c.Display, cc.Text), [])),
        Identifier i => [new TokenValue(i.System, i.Value, Texts(i.Type?.Text), i.Type?.Coding.Select(t => (t.System, t.Code)).ToList() ?? [])],
        ContactPoint p => [new TokenValue(null, p.Value, [], [])],
        PrimitiveType { JsonValue: bool b } => [new TokenValue(null, b ? "true" : "false", [], [])],
        PrimitiveType { JsonValue: { } v } => [new TokenValue(null, Convert.ToString(v, CultureInfo.InvariantCulture), [], [])],
        _ => [],
    };

    /// <summary>What a reference element points at: "Type/id" or an absolute URL, and the logical identifier it carries.</summary>
    public static (string? Target, Identifier? Identifier) Reference(Base element) => element switch
    {
        ResourceReference r => (r.Reference is { } s && !s.StartsWith('#') ? LocalOrAbsolute(s) : null, r.Identifier),
        PrimitiveType { JsonValue: string s } => (s, null),
        _ => (null, null),
    };

    public static ExpectedDateRange? Date(Base element) => element switch
    {
        Period p => ExpectedDateRange.Period(p.Start, p.End),
        Timing t when t.Event.Any() => ExpectedDateRange.Period(t.Event.Min(), t.Event.Max()),
        Instant { JsonValue: string text } => ExpectedDateRange.Parse(ToMilliseconds(text)),
        Hl7.Fhir.Model.Date or FhirDateTime => ExpectedDateRange.Parse(((PrimitiveType)element).JsonValue as string),
        _ => null,
    };

    public static decimal? Number(Base element) => element is Integer or PositiveInt or UnsignedInt or FhirDecimal or Integer64 && element is PrimitiveType { JsonValue: { } v }
        ? Convert.ToDecimal(v, CultureInfo.InvariantCulture)
        : null;

    public static IEnumerable<(decimal Value, string? System, string? Code, string? Unit)> Quantities(Base element) => element switch
    {
        Quantity { Value: { } v } q => [(v, q.System, q.Code, q.Unit)],
        Money { Value: { } v } m => [(v, "urn:iso:std:iso:4217", m.Currency?.ToString(), null)],
        Hl7.Fhir.Model.Range r => Quantities(r.Low ?? new Quantity()).Concat(Quantities(r.High ?? new Quantity())),
        _ => [],
    };

    /// <summary>Whether the element has anything the parameter can be searched on (search.html#missing).</summary>
    public static bool HasValue(SearchParamType type, Base element) => type switch
    {
        SearchParamType.String => Strings(element).Any(),
        SearchParamType.Token => Tokens(element).Any(),
        SearchParamType.Reference => Reference(element) is var (target, identifier) && (target is not null || identifier?.Value is not null),
        SearchParamType.Date => Date(element) is not null,
        SearchParamType.Number => Number(element) is not null,
        SearchParamType.Quantity => Quantities(element).Any(),
        SearchParamType.Uri => element is PrimitiveType { JsonValue: string { Length: > 0 } },
        _ => true,
    };

    public static bool StringMatches(Base element, string? modifier, string value) => Strings(element).Any(s => modifier switch
    {
        "exact" => s == value,
        "contains" => Fold(s).Contains(Fold(value), StringComparison.Ordinal),
        _ => Fold(s).StartsWith(Fold(value), StringComparison.Ordinal),
    });

    /// <summary>A token value as written in the query, escapes and all.</summary>
    public static bool TokenMatches(Base element, string? modifier, string value)
    {
        var tokens = Tokens(element).ToList();
        if (modifier == "text")
        {
            return tokens.Any(t => t.Texts.Any(text => Fold(text).StartsWith(Fold(SearchSyntax.Unescape(value)), StringComparison.Ordinal)));
        }

        var parts = SearchSyntax.Split(value, '|');
        if (modifier == "of-type")
        {
            return tokens.Any(t => t.Code == parts[2] && t.Types.Contains((parts[0], parts[1])));
        }

        return parts.Count == 1
            ? tokens.Any(t => t.Code == parts[0])
            : tokens.Any(t => (parts[0].Length == 0 ? string.IsNullOrEmpty(t.System) : t.System == parts[0]) && (parts[1].Length == 0 || t.Code == parts[1]));
    }

    public static bool ReferenceMatches(Base element, string? modifier, string value, IReadOnlyList<string> targets, string baseUrl)
    {
        var (target, identifier) = Reference(element);
        if (modifier == "identifier")
        {
            var parts = SearchSyntax.Split(value, '|');
            return identifier?.Value == parts[^1] && (parts.Count == 1 || identifier.System == parts[0]);
        }

        if (target is null)
        {
            return false;
        }

        var wanted = SearchSyntax.Unescape(value);
        wanted = wanted.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? wanted[(baseUrl.Length + 1)..] : wanted;
        if (wanted.Contains("://", StringComparison.Ordinal) || wanted.StartsWith("urn:", StringComparison.Ordinal) || wanted.Contains('/', StringComparison.Ordinal))
        {
            return target == LocalOrAbsolute(wanted) && (modifier is null || target.StartsWith(modifier + "/", StringComparison.Ordinal));
        }

        var type = modifier ?? (targets.Count == 1 ? targets[0] : null);
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && !target.Contains(':', StringComparison.Ordinal) && target[(slash + 1)..] == wanted && (type is null || target[..slash] == type);
    }

    public static bool DateMatches(Base element, string value)
    {
        var (prefix, text) = SearchSyntax.Prefix(value);
        var search = ExpectedDateRange.Parse(text) ?? throw new ArgumentException($"'{text}' is not a date.", nameof(value));
        return Date(element) is { } range && range.Satisfies(prefix, search);
    }

    public static bool NumberMatches(decimal actual, string value)
    {
        var (prefix, text) = SearchSyntax.Prefix(value);
        var number = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var decimals = text.Contains('.', StringComparison.Ordinal) ? text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        var half = 0.5m / (decimal)Math.Pow(10, decimals);
        var equal = actual >= number - half && actual < number + half;
        return prefix switch
        {
            "eq" => equal,
            "ne" => !equal,
            "gt" or "sa" => actual > number,
            "lt" or "eb" => actual < number,
            "ge" => actual >= number,
            "le" => actual <= number,
            _ => Math.Abs(actual - number) <= Math.Abs(number) / 10,
        };
    }

    /// <summary>[prefix]number|system|code: with a system, system and code must both match; without one, the code or the unit text.</summary>
    public static bool QuantityMatches(Base element, string value)
    {
        var parts = SearchSyntax.Split(value, '|');
        return Quantities(element).Any(q => NumberMatches(q.Value, parts[0]) && (parts.Count < 3 || parts[2].Length == 0 ||
            (parts[1].Length > 0 ? q.System == parts[1] && q.Code == parts[2] : q.Code == parts[2] || q.Unit == parts[2])));
    }

    public static bool UriMatches(Base element, string? modifier, string value) => element is PrimitiveType { JsonValue: string uri } && modifier switch
    {
        "below" => uri.StartsWith(value, StringComparison.Ordinal),
        "above" => value.StartsWith(uri, StringComparison.Ordinal),
        _ => uri == value,
    };

    /// <summary>"Type/id" for a local reference (also from an absolute URL of this server or a versioned one); the text otherwise.</summary>
    public static string LocalOrAbsolute(string reference)
    {
        var segments = reference.Split('/');
        return !reference.Contains(':', StringComparison.Ordinal) && segments.Length is 2 or 4 ? $"{segments[0]}/{segments[1]}" : reference;
    }

    /// <summary>
    /// The server keeps instants to the millisecond and the serializer trims trailing zeros (it writes "19.6" for 19.600
    /// and "19" for 19.000), so an instant is read to the millisecond rather than to the precision it happens to show.
    /// </summary>
    private static string ToMilliseconds(string instant)
    {
        var match = InstantEnd().Match(instant);
        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : ".";
        return match.Success ? instant[..match.Index] + match.Groups["second"].Value + fraction.PadRight(4, '0') + match.Groups["zone"].Value : instant;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<second>:\d{2})(?<fraction>\.\d+)?(?<zone>Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex InstantEnd();

    private static List<string> Texts(params string?[] texts) => texts.OfType<string>().Where(t => t.Length > 0).ToList();
}
