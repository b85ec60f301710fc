namespace Leodis.Fhir.Search.Sql;

/// <summary>token and reference values (search.html#token, #reference) against search_token / search_reference rows aliased x.</summary>
internal static class TokenConditions
{
    public static string Token(SqlParameters p, string value, string? modifier)
    {
        if (modifier == "text")
        {
            return StringConditions.Prefix(p, "x.text", TextNormalizer.IndexKey(SearchValue.Unescape(value)));
        }

        var parts = SearchValue.Split(value, '|');
        if (modifier == "of-type")
        {
            return parts.Count == 3
                ? $"(x.type_system = {p.Add(parts[0])} AND x.type_code = {p.Add(parts[1])} AND x.code = {p.Add(parts[2])})"
                : throw FhirException.BadRequest($"':of-type' takes type-system|type-code|value, not '{value}'.");
        }

        if (modifier is not (null or "not"))
        {
            throw FhirException.BadRequest($"The modifier ':{modifier}' does not apply to a token parameter.");
        }

        return parts.Count switch
        {
            1 => $"x.code = {p.Add(parts[0])}",
            2 when parts[0].Length == 0 => $"(x.code = {p.Add(parts[1])} AND x.system IS NULL)",
            2 when parts[1].Length == 0 => $"x.system = {p.Add(parts[0])}",
            2 => $"(x.code = {p.Add(parts[1])} AND x.system = {p.Add(parts[0])})",
            _ => throw FhirException.BadRequest($"'{value}' is not a token (system|code)."),
        };
    }

    public static string Reference(SqlParameters p, string value, string? modifier, SearchParameterDefinition parameter, string baseUrl)
    {
        var text = SearchValue.Unescape(value);
        if (modifier == "identifier")
        {
            var parts = SearchValue.Split(value, '|');
            return parts.Count == 1
                ? $"x.id_value = {p.Add(parts[0])}"
                : $"(x.id_value = {p.Add(parts[1])} AND x.id_system = {p.Add(parts[0])})";
        }

        if (text.StartsWith(baseUrl + "/", StringComparison.Ordinal))
        {
            text = text[(baseUrl.Length + 1)..];
        }

        var row = ValueExtractor.Parse(0, text);
        if (row.Url is not null)
        {
            return row.Url.Contains("://", StringComparison.Ordinal) || row.Url.StartsWith("urn:", StringComparison.Ordinal)
                ? $"x.url = {p.Add(row.Url)}"
                : Id(p, row.Url, modifier, parameter);
        }

        if (modifier is not null && modifier != row.TargetType)
        {
            throw FhirException.BadRequest($"'{value}' is not a {modifier}.");
        }

        return $"(x.target_id = {p.Add(row.TargetId)} AND x.target_type = {p.Add(row.TargetType)})";
    }

    /// <summary>A bare id: of the :Type given, of the parameter's only target type, or of any type.</summary>
    private static string Id(SqlParameters p, string id, string? modifier, SearchParameterDefinition parameter)
    {
        var type = modifier ?? (parameter.Targets.Count == 1 ? parameter.Targets[0] : null);
        return type is null
            ? $"x.target_id = {p.Add(id)}"
            : $"(x.target_id = {p.Add(id)} AND x.target_type = {p.Add(type)})";
    }
}
