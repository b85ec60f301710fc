using System.Globalization;
using Hl7.Fhir.Model;

namespace Leodis.Server.Tests.Search.Oracle;

/// <summary>
/// Queries made from values the loaded data holds, for every search parameter of a type: :missing both ways, and for a
/// value of two of the resources that have one (a third and two thirds of the way through), the plain search and the
/// modifiers and prefixes of the parameter's type.
/// </summary>
public static class ParameterSamples
{
    /// <summary>Parameters left out: phonetic matching is the server's own choice of algorithm (search.html#string).</summary>
    private static readonly HashSet<string> Unspecified = ["phonetic"];

    public static IEnumerable<string> Queries(SearchOracle oracle, string type)
    {
        foreach (var parameter in SearchOracle.Parameters(type).Where(p => !Unspecified.Contains(SearchOracle.Code(p))))
        {
            var code = SearchOracle.Code(parameter);
            if (code != "_id")
            {
                // Every resource has an id, so _id:missing is asked once, in the tables, rather than for every type.
                yield return $"{type}?{code}:missing=true";
                yield return $"{type}?{code}:missing=false";
            }

            var holders = oracle.OfType(type)
                .Select(r => oracle.Values(r, parameter).Where(v => oracle.HasValue(parameter, v)).ToList())
                .Where(values => values.Count > 0)
                .ToList();
            if (holders.Count == 0)
            {
                continue;
            }

            foreach (var holder in new[] { holders[holders.Count / 3], holders[2 * holders.Count / 3] }.Distinct())
            {
                foreach (var value in Values(oracle, parameter, holder[holder.Count / 2]))
                {
                    yield return $"{type}?{code}{value}";
                }
            }
        }
    }

    /// <summary>"=value" or ":modifier=value" suffixes for one element of the parameter's type.</summary>
    private static IEnumerable<string> Values(SearchOracle oracle, SearchParamDefinition parameter, Base element)
    {
        switch (parameter.Type)
        {
            case SearchParamType.String:
                var text = ValueMatch.Strings(element).First();
                yield return "=" + SearchSyntax.Escape(text[..Math.Min(4, text.Length)]);
                yield return ":exact=" + SearchSyntax.Escape(text);
                yield return ":contains=" + SearchSyntax.Escape(text.Length > 3 ? text[1..Math.Min(6, text.Length)] : text);
                break;
            case SearchParamType.Token:
                var token = ValueMatch.Tokens(element).First();
                if (token.Code is not null)
                {
                    var coded = token.System is null ? SearchSyntax.Escape(token.Code) : $"{SearchSyntax.Escape(token.System)}|{SearchSyntax.Escape(token.Code)}";
                    yield return "=" + coded;
                    yield return "=" + SearchSyntax.Escape(token.Code);
                    yield return ":not=" + coded;
                    if (token.System is not null)
                    {
                        yield return $"={SearchSyntax.Escape(token.System)}|";
                    }
                }

                if (token.Texts.Count > 0)
                {
                    yield return ":text=" + SearchSyntax.Escape(token.Texts[0][..Math.Min(5, token.Texts[0].Length)]);
                }

                if (token.Types.Count > 0 && token.Types[0] is { System: { } typeSystem, Code: { } typeCode } && token.Code is not null)
                {
                    yield return $":of-type={SearchSyntax.Escape(typeSystem)}|{SearchSyntax.Escape(typeCode)}|{SearchSyntax.Escape(token.Code)}";
                }

                break;
            case SearchParamType.Reference:
                var (target, identifier) = ValueMatch.Reference(element);
                if (target is not null)
                {
                    yield return "=" + SearchSyntax.Escape(target);
                    if (oracle.Resolve(target) is { } resolved)
                    {
                        yield return $":{resolved.TypeName}={resolved.Id}";
                    }
                }

                if (identifier?.Value is not null)
                {
                    yield return $":identifier={SearchSyntax.Escape(identifier.System ?? string.Empty)}|{SearchSyntax.Escape(identifier.Value)}";
                }

                break;
            case SearchParamType.Date:
                var range = ValueMatch.Date(element)!.Value;
                var at = range.Low == DateTimeOffset.MinValue ? range.High.AddDays(-1) : range.Low;
                yield return "=" + at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                yield return "=ge" + at.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
                yield return "=lt" + at.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                break;
            case SearchParamType.Number:
                var number = ValueMatch.Number(element)!.Value.ToString(CultureInfo.InvariantCulture);
                yield return "=" + number;
                yield return "=gt" + number;
                break;
            case SearchParamType.Quantity:
                var quantity = ValueMatch.Quantities(element).First();
                var amount = quantity.Value.ToString(CultureInfo.InvariantCulture);
                yield return "=" + amount;
                yield return $"={amount}|{SearchSyntax.Escape(quantity.System ?? string.Empty)}|{SearchSyntax.Escape(quantity.Code ?? quantity.Unit ?? string.Empty)}";
                yield return "=lt" + amount;
                break;
            case SearchParamType.Uri:
                var uri = (string)((PrimitiveType)element).JsonValue;
                yield return "=" + SearchSyntax.Escape(uri);
                yield return ":below=" + SearchSyntax.Escape(uri[..Math.Max(1, uri.Length / 2)]);
                break;
            case SearchParamType.Composite:
                if (Composite(oracle, parameter, element) is { } composite)
                {
                    yield return "=" + composite;
                }

                break;
        }
    }

    /// <summary>"first$second" from the component values of one element, each written as its component's type is searched.</summary>
    private static string? Composite(SearchOracle oracle, SearchParamDefinition parameter, Base element)
    {
        var parts = new List<string>();
        foreach (var component in parameter.Component ?? [])
        {
            var type = SearchOracle.ComponentType(component);
            var value = oracle.Evaluate(element, component.Expression).FirstOrDefault(v => ValueMatch.HasValue(type, v));
            string? part = (type, value) switch
            {
                (_, null) => null,
                (SearchParamType.Token, _) => ValueMatch.Tokens(value).Where(t => t.Code is not null)
                    .Select(t => t.System is null ? SearchSyntax.Escape(t.Code!) : $"{SearchSyntax.Escape(t.System)}|{SearchSyntax.Escape(t.Code!)}").FirstOrDefault(),
                (SearchParamType.Quantity, _) => "ge" + ValueMatch.Quantities(value).First().Value.ToString(CultureInfo.InvariantCulture),
                (SearchParamType.Date, _) => ValueMatch.Date(value)!.Value.Low.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (SearchParamType.String, _) => SearchSyntax.Escape(ValueMatch.Strings(value).First()),
                _ => null,
            };
            if (part is null)
            {
                return null;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join("$", parts);
    }
}
