namespace Leodis.Fhir.Search.Sql;

/// <summary>Collects a query's parameter values and hands out their names (@p0, @p1, ...).</summary>
public sealed class SqlParameters
{
    private readonly List<KeyValuePair<string, object?>> values = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Values => values;

    public string Add(object? value)
    {
        var name = $"p{values.Count}";
        values.Add(new(name, value));
        return "@" + name;
    }
}
