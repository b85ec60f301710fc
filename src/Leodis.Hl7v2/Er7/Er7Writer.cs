using System.Text;

namespace Leodis.Hl7v2.Er7;

/// <summary>Builds ER7 text segment by segment, escaping values; used for the ACKs this server sends.</summary>
public sealed class Er7Writer(Er7Delimiters delimiters)
{
    private readonly StringBuilder text = new();

    /// <summary>Writes MSH with the delimiters; <paramref name="fields"/> starts at MSH-3.</summary>
    public Er7Writer Header(params Er7Value[] fields)
    {
        text.Append("MSH").Append(delimiters.Field).Append(delimiters.EncodingCharacters);
        return Fields(fields);
    }

    /// <summary>Writes one segment; <paramref name="fields"/> starts at field 1.</summary>
    public Er7Writer Segment(string name, params Er7Value[] fields)
    {
        text.Append(name);
        return Fields(fields);
    }

    public override string ToString() => text.ToString();

    private Er7Writer Fields(Er7Value[] fields)
    {
        var last = fields.Length;
        while (last > 0 && fields[last - 1].Components.All(c => c.Length == 0))
        {
            last--;
        }

        for (var i = 0; i < last; i++)
        {
            var components = fields[i].Components;
            var count = components.Length;
            while (count > 1 && components[count - 1].Length == 0)
            {
                count--;
            }

            text.Append(delimiters.Field).AppendJoin(delimiters.Component, components.Take(count).Select(delimiters.EscapeText));
        }

        text.Append('\r');
        return this;
    }
}

/// <summary>A field to write: its components as plain text (the writer escapes them).</summary>
public readonly record struct Er7Value(params string[] Components)
{
    public static implicit operator Er7Value(string? text) => new(text ?? string.Empty);

    public static Er7Value FromString(string? text) => new(text ?? string.Empty);
}
