using System.Net;
using System.Text.Json;

namespace Leodis.Server.Tests.Search;

/// <summary>Runs a search against the server and reads every page by following the next links.</summary>
public static class ServerSearch
{
    /// <summary>What the server answered: "Type/id" of each match and each included resource, page by page, in order.</summary>
    public sealed record Answer(List<string> Matches, List<string> Included, long? Total, int Pages, string? Error);

    /// <summary>"Type?a=x|y&amp;b=1" with each value percent-encoded; _count=1000 is added when the query sets no page size.</summary>
    public static string Url(string query)
    {
        var question = query.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return query + "?_count=1000";
        }

        var pairs = query[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
        if (!pairs.Any(p => p[0] == "_count"))
        {
            pairs.Add(["_count", "1000"]);
        }

        return query[..question] + "?" + string.Join("&", pairs.Select(p => p[0] + "=" + Uri.EscapeDataString(p.Length > 1 ? p[1] : string.Empty)));
    }

    public static async Task<Answer> AllPagesAsync(HttpClient client, string query)
    {
        var answer = new Answer([], [], null, 0, null);
        var next = Url(query);
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return answer with { Error = $"{(int)response.StatusCode}: {(text.Length > 600 ? text[..600] : text)}" };
            }

            // Only ids, modes, total and links are needed: reading them with System.Text.Json spares parsing every resource.
            using var bundle = JsonDocument.Parse(text);
            var root = bundle.RootElement;
            answer = answer with { Total = answer.Total ?? (root.TryGetProperty("total", out var total) ? total.GetInt64() : null), Pages = answer.Pages + 1 };
            foreach (var entry in root.TryGetProperty("entry", out var entries) ? entries.EnumerateArray().ToList() : [])
            {
                var mode = entry.GetProperty("search").GetProperty("mode").GetString();
                if (mode is "match" or "include")
                {
                    var resource = entry.GetProperty("resource");
                    (mode == "include" ? answer.Included : answer.Matches).Add($"{resource.GetProperty("resourceType").GetString()}/{resource.GetProperty("id").GetString()}");
                }
            }

            next = root.GetProperty("link").EnumerateArray()
                .Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString())
                .FirstOrDefault();
            if (answer.Pages > 2_000)
            {
                return answer with { Error = "more than 2,000 pages: the next links do not end" };
            }
        }

        return answer;
    }
}
