using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Leodis.Fhir;

namespace Leodis.Server.Demo;

/// <summary>
/// POSTs each bundle as a transaction to a FHIR base URL (any R4 server that takes transactions with PUT). Busy
/// answers (429, 502, 503, 504) and dropped connections are retried with back-off; anything else stops the run.
/// </summary>
public sealed class FhirServerSink : ConcurrentBundleSink
{
    private const int Attempts = 5;
    private readonly HttpClient client;

    public FhirServerSink(Uri baseUrl, string? bearerToken, int concurrency)
        : base(concurrency)
    {
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        client = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        client.DefaultRequestHeaders.Add("Prefer", "return=minimal");
        if (bearerToken is { Length: > 0 })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        client.Dispose();
        await base.DisposeAsync();
    }

    protected override async Task SendAsync(CohortBundle bundle, CancellationToken ct)
    {
        var json = FhirFormat.ToJson(bundle.Bundle);
        for (var attempt = 1; ; attempt++)
        {
            HttpStatusCode status;
            try
            {
                using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
                using var response = await client.PostAsync(string.Empty, content, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                status = response.StatusCode;
                if (status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    || attempt == Attempts)
                {
                    // The outcome's element paths say what was wrong without repeating the (synthetic) patient data.
                    var body = await response.Content.ReadAsStringAsync(ct);
                    throw new InvalidOperationException($"The server answered {(int)status} to the {bundle.Name} bundle{Where(body)}.");
                }
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt)), ct);
        }
    }

    private static string Where(string body)
    {
        try
        {
            if (FhirFormat.ParseStored(body) is Hl7.Fhir.Model.OperationOutcome outcome)
            {
                var paths = outcome.Issue.SelectMany(i => i.Expression).Take(3).ToList();
                return paths.Count > 0 ? $" (at {string.Join(", ", paths)})" : string.Empty;
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or System.Text.Json.JsonException or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
        }

        return string.Empty;
    }
}
