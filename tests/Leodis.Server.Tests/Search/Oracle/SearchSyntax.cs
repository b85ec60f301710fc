using System.Text;

namespace Leodis.Server.Tests.Search.Oracle;

/// <summary>Search value syntax for the oracle: escaped separators (search.html#escaping) and comparison prefixes (#prefix).</summary>
public static class SearchSyntax
{
    private static readonly string[] Prefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];

    /// <summary>Splits on a separator that is not escaped with a backslash, and removes the escapes from the parts.</summary>
    public static List<string> Split(string value, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                current.Append(value[++i]);
            }
            else if (value[i] == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>Splits on an unescaped separator and keeps the escapes, for values split again later (OR lists, composites).</summary>
    public static List<string> SplitKeepingEscapes(string value, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == separator)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }

    public static string Unescape(string value) => string.Concat(Split(value, '\u0000'));

    /// <summary>Escapes the characters that separate values, for putting data into a query.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    public static (string Prefix, string Value) Prefix(string value) =>
        value.Length > 2 && Prefixes.Contains(value[..2]) && (char.IsDigit(value[2]) || value[2] == '-') ? (value[..2], value[2..]) : ("eq", value);
}
