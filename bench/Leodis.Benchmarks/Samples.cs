using System.Text.Json;
using Leodis.Testing;

namespace Leodis.Benchmarks;

/// <summary>Real resources from ../shared/data for the benchmarks, read in place and never copied into the repository.</summary>
public static class Samples
{
    /// <summary>The smallest Synthea patient bundle (a transaction of about 200 entries, 240 KB).</summary>
    public static string SyntheaBundlePath() =>
        Directory.GetFiles(SharedData.Path("synthea", "bundles"), "*.json").MinBy(f => new FileInfo(f).Length)
            ?? throw new FileNotFoundException("No Synthea bundle in the shared data.");

    public static string SyntheaBundle() => File.ReadAllText(SyntheaBundlePath());

    /// <summary>The Synthea Patient of that bundle as JSON (about 3.5 KB, with narrative and US extensions).</summary>
    public static string SyntheaPatient() => FirstOfType("Patient");

    /// <summary>The first Synthea Observation with a value (about 0.8 KB).</summary>
    public static string SyntheaObservation() => FirstOfType("Observation");

    public static string UkCoreXml(string name) => File.ReadAllText(SharedData.Path("ukcore", "examples", name));

    private static string FirstOfType(string resourceType)
    {
        using var bundle = JsonDocument.Parse(SyntheaBundle());
        foreach (var entry in bundle.RootElement.GetProperty("entry").EnumerateArray())
        {
            var resource = entry.GetProperty("resource");
            if (resource.GetProperty("resourceType").GetString() == resourceType)
            {
                return resource.GetRawText();
            }
        }

        throw new InvalidOperationException($"The Synthea bundle has no {resourceType}.");
    }
}
