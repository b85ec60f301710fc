using System.Globalization;
using System.Text;

namespace Leodis.Fhir.Search;

/// <summary>Search value syntax (search.html#escaping, #prefix): OR lists, escaped separators, comparison prefixes.</summary>
public static class SearchValue
{
    private static readonly string[] Prefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];

    /// <summary>Splits on commas that are not escaped; escapes stay for the type's own parsing.</summary>
    public static IReadOnlyList<string> SplitOr(string value) => Split(value, ',', unescape: false);

    /// <summary>Splits on an unescaped separator ('|' for tokens and quantities, '$' for composites); unescapes the parts if asked.</summary>
    public static IReadOnlyList<string> Split(string value, char separator, bool unescape = true)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                if (!unescape)
                {
                    current.Append(c);
                }

                current.Append(value[++i]);
            }
            else if (c == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>Removes escapes from a value that has no separators left to find.</summary>
    public static string Unescape(string value) =>
        value.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal)
            .Replace("\\|", "|", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>A comparison prefix and the rest; "eq" when there is none.</summary>
    public static (string Prefix, string Value) Prefix(string value)
    {
        if (value.Length > 2 && Prefixes.Contains(value[..2]) && (char.IsDigit(value[2]) || value[2] is '-' or '+' or '.'))
        {
            return (value[..2], value[2..]);
        }

        return ("eq", value);
    }

    public static decimal ParseNumber(string text, string parameter) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw FhirException.BadRequest($"'{text}' is not a number.", parameter);

    /// <summary>Half the unit of the last significant digit: 100 means [99.5, 100.5), 1e2 likewise (search.html#number).</summary>
    public static decimal HalfPrecision(string text)
    {
        var mantissa = text.Split('e', 'E')[0];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : mantissa.Length - dot - 1;
        var exponent = text.Contains('e', StringComparison.OrdinalIgnoreCase)
            ? int.Parse(text.Split('e', 'E')[1], CultureInfo.InvariantCulture)
            : 0;
        return 0.5m * (decimal)Math.Pow(10, exponent - decimals);
    }
}
