namespace Leodis.Fhir.Search;

/// <summary>The search index rows of one resource version, one list per index table, written with the resource.</summary>
public sealed class ResourceIndex
{
    public List<StringRow> Strings { get; } = [];

    public List<TokenRow> Tokens { get; } = [];

    public List<ReferenceRow> References { get; } = [];

    public List<DateRow> Dates { get; } = [];

    public List<NumberRow> Numbers { get; } = [];

    public List<QuantityRow> Quantities { get; } = [];

    public List<UriRow> Uris { get; } = [];

    public List<CompositeRow> Composites { get; } = [];
}

/// <summary>A string value: case- and accent-folded for matching, and as written for :exact.</summary>
public readonly record struct StringRow(int Param, string Normalized, string Exact);

/// <summary>A token: system and code, the folded display or text for :text, and an identifier's type for :of-type.</summary>
public readonly record struct TokenRow(int Param, string? System, string? Code, string? Text, string? TypeSystem = null, string? TypeCode = null);

/// <summary>A reference: the target's type and id when it is a resource on this server, else its URL; its identifier for :identifier.</summary>
public readonly record struct ReferenceRow(int Param, string? TargetType, string? TargetId, string? Url, string? IdentifierSystem = null, string? IdentifierValue = null);

/// <summary>A date, dateTime, instant or Period as a half-open range of UTC ticks [Low, High).</summary>
public readonly record struct DateRow(int Param, long Low, long High);

/// <summary>A number.</summary>
public readonly record struct NumberRow(int Param, decimal Value);

/// <summary>A quantity with its unit system, code and unit text.</summary>
public readonly record struct QuantityRow(int Param, string? System, string? Code, string? Unit, decimal Value);

/// <summary>A uri, url or canonical.</summary>
public readonly record struct UriRow(int Param, string Uri);

/// <summary>A composite value: two component values found in the same element.</summary>
public readonly record struct CompositeRow(int Param, CompositePart First, CompositePart Second);

/// <summary>
/// One component of a composite, in the columns every component type needs: token (System, Code), quantity
/// (System, Code, Number), date (Low, High), string (Text), reference (System = type, Code = id).
/// </summary>
public readonly record struct CompositePart(string? System, string? Code, decimal? Number, long? Low, long? High, string? Text);
