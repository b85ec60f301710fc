using System.Text.Json;

namespace Leodis.Server.Tests.Import;

/// <summary>What an NDJSON file holds, read with System.Text.Json alone: the answers an import must match, not taken from it.</summary>
public static class ExpectedNdjson
{
    public static List<JsonElement> Resources(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public static List<(string Type, string Id)> Keys(string path) =>
        Resources(path).Select(r => (r.GetProperty("resourceType").GetString()!, r.GetProperty("id").GetString()!)).ToList();

    public static Dictionary<string, long> CountsByType(IEnumerable<string> paths) =>
        paths.SelectMany(Keys).GroupBy(k => k.Type).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
