namespace Leodis.Hl7v2.Er7;

/// <summary>One segment: its three-letter name and its fields as written. Unknown segments and Z-segments are kept too.</summary>
public sealed class Er7Segment
{
    private readonly string[] parts;

    internal Er7Segment(string raw, Er7Delimiters delimiters)
    {
        Raw = raw;
        Delimiters = delimiters;
        parts = raw.Split(delimiters.Field);
        Name = parts[0];
    }

    public string Name { get; }

    /// <summary>The segment as it arrived, without its terminator.</summary>
    public string Raw { get; }

    public Er7Delimiters Delimiters { get; }

    /// <summary>How many fields the segment has (MSH counts MSH-1, the field separator itself).</summary>
    public int FieldCount => IsHeader ? parts.Length : parts.Length - 1;

    private bool IsHeader => Name is "MSH" or "BHS" or "FHS";

    /// <summary>Field <paramref name="position"/> (1-based as in the spec: PID-3 is <c>Field(3)</c>); empty when absent.</summary>
    public Er7Field Field(int position)
    {
        if (IsHeader)
        {
            // MSH-1 is the field separator and MSH-2 the encoding characters: neither is split nor unescaped.
            return position switch
            {
                1 => new Er7Field(Delimiters.Field.ToString(), Er7Delimiters.Default with { Escape = '\0' }, Er7Level.Subcomponent),
                2 => new Er7Field(parts[1], Er7Delimiters.Default with { Escape = '\0' }, Er7Level.Subcomponent),
                _ => At(position - 1),
            };
        }

        return At(position);
    }

    /// <summary>Shorthand: the unescaped text of field, component and subcomponent (first repetition).</summary>
    public string this[int field, int component = 1, int subcomponent = 1] => Field(field).Component(component).Subcomponent(subcomponent).Value;

    public override string ToString() => Name;

    private Er7Field At(int index) =>
        new(index > 0 && index < parts.Length ? parts[index] : string.Empty, Delimiters, Er7Level.Field);
}
