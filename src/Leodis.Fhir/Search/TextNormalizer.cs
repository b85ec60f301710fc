using System.Globalization;
using System.Text;

namespace Leodis.Fhir.Search;

/// <summary>String search folds case, accents and runs of white space (search.html#string).</summary>
public static class TextNormalizer
{
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
