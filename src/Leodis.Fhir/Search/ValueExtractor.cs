using Hl7.Fhir.Model;

namespace Leodis.Fhir.Search;

/// <summary>Turns FHIR values into index values per search parameter type (search.html, "Search parameter types").</summary>
internal static class ValueExtractor
{
    public static IEnumerable<string> Strings(Base value)
    {
        switch (value)
        {
            case HumanName name:
                foreach (var part in new[] { name.Text, name.Family }.Concat(name.Given).Concat(name.Prefix).Concat(name.Suffix))
                {
                    if (!string.IsNullOrWhiteSpace(part))
                    {
                        yield return part;
                    }
                }

                break;
            case Address address:
                foreach (var part in new[] { address.Text, address.City, address.District, address.State, address.PostalCode, address.Country }.Concat(address.Line))
                {
                    if (!string.IsNullOrWhiteSpace(part))
                    {
                        yield return part;
                    }
                }

                break;
            case PrimitiveType { JsonValue: { } primitive } when primitive.ToString() is { Length: > 0 } text:
                yield return text;
                break;
        }
    }

    public static IEnumerable<TokenRow> Tokens(int key, Base value)
    {
        switch (value)
        {
            case Coding coding:
                yield return new TokenRow(key, coding.System, coding.Code, Fold(coding.Display));
                break;
            case CodeableConcept concept:
                foreach (var coding in concept.Coding)
                {
                    yield return new TokenRow(key, coding.System, coding.Code, Fold(coding.Display));
                }

                if (!string.IsNullOrWhiteSpace(concept.Text))
                {
                    yield return new TokenRow(key, null, null, Fold(concept.Text));
                }

                break;
            case Identifier identifier:
                var type = identifier.Type?.Coding.FirstOrDefault();
                yield return new TokenRow(key, identifier.System, identifier.Value, Fold(identifier.Type?.Text), type?.System, type?.Code);
                break;
            case ContactPoint contact:
                yield return new TokenRow(key, contact.System?.ToString().ToLowerInvariant(), contact.Value, null);
                break;
            case PrimitiveType { JsonValue: bool flag }:
                yield return new TokenRow(key, null, flag ? "true" : "false", null);
                break;
            case PrimitiveType { JsonValue: { } primitive }:
                yield return new TokenRow(key, null, primitive.ToString(), null);
                break;
        }
    }

    public static IEnumerable<ReferenceRow> References(int key, Base value)
    {
        switch (value)
        {
            case ResourceReference reference:
                var identifier = reference.Identifier;
                if (reference.Reference is { Length: > 0 } target && !target.StartsWith('#'))
                {
                    yield return Parse(key, target) with { IdentifierSystem = identifier?.System, IdentifierValue = identifier?.Value };
                }
                else if (identifier?.Value is not null)
                {
                    yield return new ReferenceRow(key, null, null, null, identifier.System, identifier.Value);
                }

                break;
            case PrimitiveType { JsonValue: string uri }:
                yield return Parse(key, uri);
                break;
        }
    }

    /// <summary>"Patient/1" and "Patient/1/_history/2" name a local resource; anything else is kept as a URL.</summary>
    public static ReferenceRow Parse(int key, string reference)
    {
        var segments = reference.Split('/');
        if (!reference.Contains(':', StringComparison.Ordinal))
        {
            if (segments.Length == 2)
            {
                return new ReferenceRow(key, segments[0], segments[1], null);
            }

            if (segments.Length == 4 && segments[2] == "_history")
            {
                return new ReferenceRow(key, segments[0], segments[1], null);
            }
        }

        return new ReferenceRow(key, null, null, reference);
    }

    public static DateRange? Date(Base value)
    {
        switch (value)
        {
            case Hl7.Fhir.Model.Date or FhirDateTime or Instant or FhirString:
                return DateRange.TryParse(Text(value), out var range) ? range : null;
            case Period period:
                return DateRange.Period(period.Start, period.End);
            case Timing timing when timing.EventElement.Count > 0:
                var parsed = timing.EventElement.Select(e => DateRange.TryParse(e.Value, out var r) ? r : (DateRange?)null).OfType<DateRange>().ToList();
                return parsed.Count == 0 ? null : new DateRange(parsed.Min(r => r.Low), parsed.Max(r => r.High));
            default:
                return null;
        }
    }

    public static decimal? Number(Base value) => value switch
    {
        Integer { Value: { } i } => i,
        FhirDecimal { Value: { } d } => d,
        PositiveInt { Value: { } p } => p,
        UnsignedInt { Value: { } u } => u,
        Integer64 { Value: { } l } => l,
        _ => null,
    };

    public static IEnumerable<QuantityRow> Quantities(int key, Base value)
    {
        switch (value)
        {
            case Quantity { Value: { } number } quantity:
                yield return new QuantityRow(key, quantity.System, quantity.Code, quantity.Unit, number);
                break;
            case Money { Value: { } amount } money:
                yield return new QuantityRow(key, "urn:iso:std:iso:4217", money.Currency?.ToString(), null, amount);
                break;
            case Hl7.Fhir.Model.Range range:
                foreach (var end in new[] { range.Low, range.High })
                {
                    if (end?.Value is { } number)
                    {
                        yield return new QuantityRow(key, end.System, end.Code, end.Unit, number);
                    }
                }

                break;
        }
    }

    public static string? Uri(Base value) => value is PrimitiveType { JsonValue: string uri } && uri.Length > 0 ? uri : null;

    public static IEnumerable<CompositePart> CompositeParts(SearchParamType type, Base value)
    {
        switch (type)
        {
            case SearchParamType.Token:
                return Tokens(0, value).Where(t => t.Code is not null).Select(t => new CompositePart(t.System, t.Code, null, null, null, null));
            case SearchParamType.Quantity:
                return Quantities(0, value).Select(q => new CompositePart(q.System, q.Code ?? q.Unit, q.Value, null, null, null));
            case SearchParamType.Date:
                return Date(value) is { } range ? [new CompositePart(null, null, null, range.Low, range.High, null)] : [];
            case SearchParamType.String:
                return Strings(value).Select(s => new CompositePart(null, null, null, null, null, TextNormalizer.IndexKey(s)));
            case SearchParamType.Number:
                return Number(value) is { } number ? [new CompositePart(null, null, number, null, null, null)] : [];
            case SearchParamType.Reference:
                return References(0, value).Select(r => new CompositePart(r.TargetType, r.TargetId ?? r.Url, null, null, null, null));
            case SearchParamType.Uri:
                return Uri(value) is { } uri ? [new CompositePart(null, uri, null, null, null, null)] : [];
            default:
                return [];
        }
    }

    /// <summary>The value as written in FHIR JSON (instants are kept as strings there).</summary>
    private static string? Text(Base value) => value switch
    {
        Instant { Value: { } instant } => instant.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        PrimitiveType primitive => primitive.JsonValue?.ToString(),
        _ => null,
    };

    private static string? Fold(string? text) => string.IsNullOrWhiteSpace(text) ? null : TextNormalizer.IndexKey(text);
}
