using System.Text.RegularExpressions;
using Leodis.Testing;

namespace Leodis.Server.Tests.RealData;

/// <summary>
/// A bundle file from ../shared/data/fhir-bundles/ms-fhir-server-testfiles as text, with the fixed ids, identifier values
/// and names it uses suffixed by a marker unique to one test, so tests never share data and "nothing was written" can
/// be checked by looking for the marker. The text is changed only inside those tokens: a file that does not parse
/// still does not parse, for the same reason.
/// </summary>
public sealed record UniqueBundleFile(string Json, string Marker)
{
    public static UniqueBundleFile Load(string relativePath, params string[] tokens)
    {
        var text = File.ReadAllText(SharedData.Path(["fhir-bundles", "ms-fhir-server-testfiles", .. relativePath.Split('/')]));
        var marker = "m" + Guid.NewGuid().ToString("N")[..12];
        if (tokens.Length == 0)
        {
            return new UniqueBundleFile(text, marker);
        }

        var pattern = $@"\b(?:{string.Join('|', tokens.OrderByDescending(t => t.Length).Select(Regex.Escape))})\b";
        return new UniqueBundleFile(Regex.Replace(text, pattern, match => $"{match.Value}-{marker}"), marker);
    }

    /// <summary>A token of the file as this test's copy has it: "123" becomes "123-m0a1b2c3d4e5f".</summary>
    public string Unique(string token) => $"{token}-{Marker}";
}
