using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.RealData;

/// <summary>Posting batch and transaction bundles and reading what they did, for the real-data tests.</summary>
public static class BundleClient
{
    /// <summary>The answer to a bundle: the HTTP status and the parsed body (a Bundle, or an OperationOutcome).</summary>
    public sealed record BundleAnswer(HttpStatusCode Status, Resource Body, string Text)
    {
        public Bundle Bundle => Body as Bundle ?? throw new Xunit.Sdk.XunitException($"Expected a Bundle, got {(int)Status}: {Text}");

        /// <summary>The HTTP status code of each response entry, in request order.</summary>
        public int[] EntryStatuses => Bundle.Entry.Select(e => StatusCode(e)).ToArray();
    }

    public static async Task<BundleAnswer> PostBundleAsync(this HttpClient client, string json, params (string Name, string Value)[] headers)
    {
        using var response = await client.SendAsync(HttpMethod.Post, string.Empty, Json(json), headers);
        var text = await response.Content.ReadAsStringAsync();
        return new BundleAnswer(response.StatusCode, FhirFormat.ParseStored(text), text);
    }

    public static int StatusCode(Bundle.EntryComponent entry) =>
        int.Parse(entry.Response.Status.Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>"Type/id" from a response location such as "Patient/1/_history/1" or "http://x/fhir/Patient/1/_history/1".</summary>
    public static string TypeAndId(string location)
    {
        var segments = location.Split('/');
        var history = Array.IndexOf(segments, "_history");
        var end = history < 0 ? segments.Length : history;
        return $"{segments[end - 2]}/{segments[end - 1]}";
    }

    /// <summary>A batch succeeded as a whole: 200 and a batch-response with one entry per request entry.</summary>
    public static Bundle AssertBatchResponse(BundleAnswer answer, int entries) =>
        AssertResponse(answer, Bundle.BundleType.BatchResponse, entries);

    /// <summary>A transaction succeeded: 200 and a transaction-response with one entry per request entry.</summary>
    public static Bundle AssertTransactionResponse(BundleAnswer answer, int entries) =>
        AssertResponse(answer, Bundle.BundleType.TransactionResponse, entries);

    /// <summary>A transaction failed as a whole: a 4xx with a single OperationOutcome instead of a Bundle (http.html#transaction-response).</summary>
    public static void AssertTransactionFailed(BundleAnswer answer)
    {
        Assert.True((int)answer.Status is >= 400 and < 500, $"Expected the transaction to fail with a 4xx, got {(int)answer.Status}: {Trim(answer.Text)}");
        Assert.IsType<OperationOutcome>(answer.Body);
    }

    /// <summary>Every version written since <paramref name="since"/> (system history) whose id or content mentions the marker.</summary>
    public static async Task<List<string>> VersionsMentioningAsync(this HttpClient client, string marker, DateTimeOffset since)
    {
        var found = new List<string>();
        var next = $"_history?_count=1000&_since={Uri.EscapeDataString(since.ToString("o", CultureInfo.InvariantCulture))}";
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadResourceAsync<Bundle>();
            found.AddRange(page.Entry
                .Where(e => e.FullUrl.Contains(marker, StringComparison.Ordinal) ||
                    (e.Resource is not null && FhirFormat.ToJson(e.Resource).Contains(marker, StringComparison.Ordinal)))
                .Select(e => e.FullUrl));
            next = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        return found;
    }

    /// <summary>Nothing the test's bundle carried was written: no version since the test began mentions its marker.</summary>
    public static async Task AssertNothingWrittenAsync(this HttpClient client, UniqueBundleFile file, DateTimeOffset since) =>
        Assert.Empty(await client.VersionsMentioningAsync(file.Marker, since));

    public static async Task<HttpStatusCode> StatusOfReadAsync(this HttpClient client, string typeAndId)
    {
        using var response = await client.GetAsync(typeAndId);
        return response.StatusCode;
    }

    /// <summary>A moment safely before anything the test is about to write.</summary>
    public static DateTimeOffset JustBefore() => DateTimeOffset.UtcNow.AddSeconds(-1);

    private static Bundle AssertResponse(BundleAnswer answer, Bundle.BundleType type, int entries)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"Expected 200, got {(int)answer.Status}: {Trim(answer.Text)}");
        var bundle = answer.Bundle;
        Assert.Equal(type, bundle.Type);
        Assert.Equal(entries, bundle.Entry.Count);
        return bundle;
    }

    private static string Trim(string text) => text.Length > 2000 ? text[..2000] + "..." : text;
}
