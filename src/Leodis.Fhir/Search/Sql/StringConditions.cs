namespace Leodis.Fhir.Search.Sql;

/// <summary>string and uri values (search.html#string, #uri) against search_string and search_uri rows aliased x.</summary>
internal static class StringConditions
{
    public static string String(SqlParameters p, string value, string? modifier)
    {
        var text = SearchValue.Unescape(value);
        return modifier switch
        {
            "exact" => $"x.exact = {p.Add(text)}",
            "contains" => $"x.norm LIKE {p.Add("%" + Like(TextNormalizer.Normalize(text)) + "%")} ESCAPE '!'",
            null => Prefix(p, "x.norm", TextNormalizer.IndexKey(text)),
            _ => throw FhirException.BadRequest($"The modifier ':{modifier}' does not apply to a string parameter."),
        };
    }

    public static string Uri(SqlParameters p, string value, string? modifier)
    {
        var uri = SearchValue.Unescape(value);
        return modifier switch
        {
            null => $"x.uri = {p.Add(uri)}",
            "below" => Prefix(p, "x.uri", uri),
            "above" => $"substr({p.Add(uri)}, 1, length(x.uri)) = x.uri",
            _ => throw FhirException.BadRequest($"The modifier ':{modifier}' does not apply to a uri parameter."),
        };
    }

    /// <summary>Starts-with as a range, so that a plain b-tree index serves it in both stores.</summary>
    public static string Prefix(SqlParameters p, string column, string prefix) =>
        prefix.Length == 0
            ? $"{column} IS NOT NULL"
            : $"({column} >= {p.Add(prefix)} AND {column} < {p.Add(TextNormalizer.PrefixUpperBound(prefix))})";

    private static string Like(string text) =>
        text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
}
