using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Import;

/// <summary>Starts $import jobs and polls them the way a Bulk Data client does.</summary>
public static class ImportClient
{
    // A bound so a stuck job fails the test instead of hanging it; not a performance assertion.
    private static readonly TimeSpan FinishWithin = TimeSpan.FromSeconds(60);

    public static Parameters Request(params (string? Type, string Url)[] inputs)
    {
        var parameters = new Parameters();
        parameters.Add("inputFormat", new Code("application/fhir+ndjson"));
        parameters.Add("inputSource", new FhirUri("https://example.org/test-export"));
        foreach (var (type, url) in inputs)
        {
            var parts = new List<Tuple<string, Base>>();
            if (type is not null)
            {
                parts.Add(Tuple.Create("type", (Base)new Code(type)));
            }

            parts.Add(Tuple.Create("url", (Base)new FhirUri(url)));
            parameters.Add("input", parts);
        }

        return parameters;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, Parameters request, bool respondAsync = true) =>
        client.SendAsync(HttpMethod.Post, "$import", Json(request), respondAsync ? [("Prefer", "respond-async")] : []);

    /// <summary>Starts a job and returns its status URL.</summary>
    public static async Task<string> StartAsync(HttpClient client, params (string? Type, string Url)[] inputs)
    {
        using var response = await PostAsync(client, Request(inputs));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Content.Headers.ContentLocation?.ToString() ?? response.Headers.GetValues("Content-Location").Single();
    }

    /// <summary>Polls until the job is no longer running; returns the manifest of a completed job.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.NotNull(response.Header("X-Progress"));
            Assert.True(clock.Elapsed < FinishWithin, $"Still running: {response.Header("X-Progress")}");
            await System.Threading.Tasks.Task.Delay(100);
        }
    }

    public static Dictionary<string, long> Counts(JsonElement manifest, string part = "output") =>
        manifest.GetProperty(part).EnumerateArray().ToDictionary(o => o.GetProperty("type").GetString()!, o => o.GetProperty("count").GetInt64(), StringComparer.Ordinal);
}
