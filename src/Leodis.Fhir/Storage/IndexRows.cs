using Leodis.Fhir.Search;

namespace Leodis.Fhir.Storage;

/// <summary>
/// The index tables and their columns (after rid), with a resource's rows as column values: what every writer of
/// index rows inserts (single writes on both stores, and bulk import).
/// </summary>
internal static class IndexRows
{
    /// <summary>A table, its columns after rid, and each column's PostgreSQL type (for arrays passed to unnest).</summary>
    public sealed record Table(string Name, string[] Columns, Func<ResourceIndex, IEnumerable<object?[]>> Rows)
    {
        public string[] Types { get; } = Columns.Select(TypeOf).ToArray();
    }

    public static readonly Table[] All =
    [
        new("search_string", ["param", "norm", "exact"], i => i.Strings.Select(r => new object?[] { r.Param, r.Normalized, r.Exact })),
        new("search_token", ["param", "system", "code", "text", "type_system", "type_code"],
            i => i.Tokens.Select(r => new object?[] { r.Param, r.System, r.Code, r.Text, r.TypeSystem, r.TypeCode })),
        new("search_reference", ["param", "target_type", "target_id", "url", "id_system", "id_value"],
            i => i.References.Select(r => new object?[] { r.Param, r.TargetType, r.TargetId, r.Url, r.IdentifierSystem, r.IdentifierValue })),
        new("search_date", ["param", "low", "high"], i => i.Dates.Select(r => new object?[] { r.Param, r.Low, r.High })),
        new("search_number", ["param", "value"], i => i.Numbers.Select(r => new object?[] { r.Param, (double)r.Value })),
        new("search_quantity", ["param", "system", "code", "unit", "value"],
            i => i.Quantities.Select(r => new object?[] { r.Param, r.System, r.Code, r.Unit, (double)r.Value })),
        new("search_uri", ["param", "uri"], i => i.Uris.Select(r => new object?[] { r.Param, r.Uri })),
        new("search_composite",
            ["param", "a_system", "a_code", "a_number", "a_low", "a_high", "a_text", "b_system", "b_code", "b_number", "b_low", "b_high", "b_text"],
            i => i.Composites.Select(r => new object?[]
            {
                r.Param, r.First.System, r.First.Code, (double?)r.First.Number, r.First.Low, r.First.High, r.First.Text,
                r.Second.System, r.Second.Code, (double?)r.Second.Number, r.Second.Low, r.Second.High, r.Second.Text,
            })),
    ];

    private static string TypeOf(string column) => column switch
    {
        "param" => "integer",
        "low" or "high" or "a_low" or "a_high" or "b_low" or "b_high" => "bigint",
        "value" or "a_number" or "b_number" => "double precision",
        _ => "text",
    };
}
