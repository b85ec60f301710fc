using Hl7.Fhir.Model;

namespace Leodis.Fhir.Search.Sql;

/// <summary>composite values "a$b" (search.html#composite): both components must match in the same search_composite row x.</summary>
internal static class CompositeConditions
{
    public static string Composite(SqlParameters p, string value, SearchParameterDefinition parameter, SearchParameterRegistry registry)
    {
        var parts = SearchValue.Split(value, '$', unescape: false);
        if (parts.Count != 2 || parameter.Components.Count != 2)
        {
            throw FhirException.BadRequest($"'{value}' is not a value for the composite parameter {parameter.Code} (first$second).");
        }

        return $"({Part(p, parts[0], "a", Type(parameter.Components[0], registry))} AND {Part(p, parts[1], "b", Type(parameter.Components[1], registry))})";
    }

    private static SearchParamType Type(SearchParameterComponent component, SearchParameterRegistry registry) =>
        registry.FindByUrl(component.DefinitionUrl)?.Type ?? SearchParamType.Token;

    private static string Part(SqlParameters p, string value, string column, SearchParamType type) => type switch
    {
        SearchParamType.Quantity => NumericConditions.Quantity(p, value, $"x.{column}_number", $"x.{column}_system", $"x.{column}_code", null),
        SearchParamType.Number => NumericConditions.Number(p, value, $"x.{column}_number"),
        SearchParamType.Date => NumericConditions.Date(p, value, $"x.{column}_low", $"x.{column}_high"),
        SearchParamType.String => StringConditions.Prefix(p, $"x.{column}_text", TextNormalizer.IndexKey(SearchValue.Unescape(value))),
        _ => TokenConditions.Token(p, value, null).Replace("x.code", $"x.{column}_code", StringComparison.Ordinal)
            .Replace("x.system", $"x.{column}_system", StringComparison.Ordinal),
    };
}
