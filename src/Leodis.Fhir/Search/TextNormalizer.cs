using System.Globalization;
using System.Text;

namespace Leodis.Fhir.Search;

/// <summary>String search folds case, accents and runs of white space (search.html#string).</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Folded text is indexed up to this many characters. PostgreSQL refuses a B-tree entry over 2,704 bytes, so a
    /// longer address or note made the whole write fail; 200 characters (at most 800 bytes) is what HAPI keeps too.
    /// Starts-with matches on the kept part, :exact on the whole text (its column is not indexed).
    /// </summary>
    public const int MaxIndexedLength = 200;

    /// <summary>The folded text as an index row and a starts-with search keep it: at most <see cref="MaxIndexedLength"/> characters.</summary>
    public static string IndexKey(string value)
    {
        var folded = Normalize(value);
        if (folded.Length <= MaxIndexedLength)
        {
            return folded;
        }

        var length = char.IsHighSurrogate(folded[MaxIndexedLength - 1]) ? MaxIndexedLength - 1 : MaxIndexedLength;
        return folded[..length];
    }

    public static string Normalize(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>, for prefix ranges on an index.</summary>
    public static string PrefixUpperBound(string prefix) => prefix + char.MaxValue;
}
