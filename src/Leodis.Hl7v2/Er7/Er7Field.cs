namespace Leodis.Hl7v2.Er7;

/// <summary>
/// A piece of a segment as written (still escaped): a field, one repetition of it, a component or a subcomponent.
/// Positions are 1-based as in the HL7 spec; a position past the end is empty, never an error.
/// </summary>
public readonly record struct Er7Field(string Raw, Er7Delimiters Delimiters, Er7Level Level)
{
    public bool IsEmpty => Raw.Length == 0;

    /// <summary>The HL7 null ("") that tells the receiver to delete the value it holds.</summary>
    public bool IsExplicitNull => Raw == "\"\"";

    /// <summary>The text of the first subcomponent of the first component of the first repetition, unescaped.</summary>
    public string Value => Level switch
    {
        Er7Level.Subcomponent => Delimiters.Unescape(Raw),
        Er7Level.Component => Subcomponent(1).Value,
        _ => Component(1).Value,
    };

    /// <summary>The whole piece unescaped, delimiters and all; for free text such as OBX-5 of type FT.</summary>
    public string Text => Delimiters.Unescape(Raw);

    /// <summary>Each repetition of a field (one, when it does not repeat; none when it is empty).</summary>
    public IEnumerable<Er7Field> Repetitions()
    {
        if (Level != Er7Level.Field)
        {
            yield return this;
            yield break;
        }

        if (IsEmpty)
        {
            yield break;
        }

        foreach (var repetition in Raw.Split(Delimiters.Repetition))
        {
            yield return new Er7Field(repetition, Delimiters, Er7Level.Repetition);
        }
    }

    /// <summary>Component <paramref name="position"/> of the first repetition.</summary>
    public Er7Field Component(int position) => Level switch
    {
        Er7Level.Field => Repetition(1).Component(position),
        Er7Level.Repetition => new Er7Field(Piece(Raw, Delimiters.Component, position), Delimiters, Er7Level.Component),
        Er7Level.Component => position == 1 ? this : new Er7Field(string.Empty, Delimiters, Er7Level.Component),
        _ => position == 1 ? new Er7Field(Raw, Delimiters, Er7Level.Component) : new Er7Field(string.Empty, Delimiters, Er7Level.Component),
    };

    /// <summary>Subcomponent <paramref name="position"/> of the first component.</summary>
    public Er7Field Subcomponent(int position) => Level switch
    {
        Er7Level.Component => new Er7Field(Piece(Raw, Delimiters.Subcomponent, position), Delimiters, Er7Level.Subcomponent),
        Er7Level.Subcomponent => position == 1 ? this : new Er7Field(string.Empty, Delimiters, Er7Level.Subcomponent),
        _ => Component(1).Subcomponent(position),
    };

    /// <summary>Repetition <paramref name="position"/> of a field.</summary>
    public Er7Field Repetition(int position) =>
        Level == Er7Level.Field
            ? new Er7Field(Piece(Raw, Delimiters.Repetition, position), Delimiters, Er7Level.Repetition)
            : position == 1 ? this : new Er7Field(string.Empty, Delimiters, Level);

    /// <summary>Shorthand for the unescaped text of component <paramref name="component"/>, subcomponent <paramref name="subcomponent"/>.</summary>
    public string this[int component, int subcomponent = 1] => Component(component).Subcomponent(subcomponent).Value;

    public override string ToString() => Raw;

    private static string Piece(string raw, char delimiter, int position)
    {
        var start = 0;
        for (var i = 1; i < position; i++)
        {
            var next = raw.IndexOf(delimiter, start);
            if (next < 0)
            {
                return string.Empty;
            }

            start = next + 1;
        }

        var end = raw.IndexOf(delimiter, start);
        return end < 0 ? raw[start..] : raw[start..end];
    }
}

/// <summary>How far a piece of ER7 has been split.</summary>
public enum Er7Level
{
    Field,
    Repetition,
    Component,
    Subcomponent,
}
