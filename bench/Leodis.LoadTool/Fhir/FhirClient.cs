using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Leodis.LoadTool.Fhir;

/// <summary>
/// The one HTTP client of a run. Every request goes to an address under the FHIR base given on the command line,
/// and <see cref="Resolve"/> is the only way to make one, so the tool cannot send traffic anywhere else.
/// </summary>
public sealed class FhirClient : IDisposable
{
    public const string FhirJson = "application/fhir+json";

    private readonly HttpClient http;

    public FhirClient(Uri baseUrl, string? bearerToken, int concurrency, TimeSpan timeout)
    {
        // A trailing slash makes relative paths land under the base instead of replacing its last segment.
        Base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        SystemAddress = new Uri(Base.AbsoluteUri.TrimEnd('/'));
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency + 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false, // straight to the base address, never through a proxy from the environment
            AllowAutoRedirect = false, // a redirect could point anywhere; it counts as a 3xx instead
        };
        http = new HttpClient(handler) { Timeout = timeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson));
        if (bearerToken is { Length: > 0 })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    /// <summary>The FHIR base, always ending in '/'.</summary>
    public Uri Base { get; }

    /// <summary>The FHIR base itself, without the trailing '/': where batch and transaction bundles are posted.</summary>
    public Uri SystemAddress { get; }

    /// <summary>An address under the base, such as "Patient/123" or "Patient?family=Smith".</summary>
    public Uri Resolve(string relative)
    {
        var uri = new Uri(Base, relative);

        // The base itself with a query ("[base]?_getpages=...", a paging link) is under the base too.
        var underBase = Base.IsBaseOf(uri) || uri.GetLeftPart(UriPartial.Path) == SystemAddress.GetLeftPart(UriPartial.Path);
        return underBase && uri.Authority == Base.Authority
            ? uri
            : throw new ArgumentException($"'{relative}' is not under the FHIR base {Base}.", nameof(relative));
    }

    public static HttpContent Json(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(FhirJson);
        return content;
    }

    /// <summary>
    /// Sends one request and reads the whole response (the time to read it counts) into <paramref name="drain"/>, where
    /// it is dropped, or into <paramref name="keep"/> when the caller wants to look at it.
    /// A timeout or a refused connection is an answer with status 0; only <paramref name="ct"/> cancels.
    /// </summary>
    public async Task<FhirReply> SendAsync(
        HttpMethod method, Uri uri, HttpContent? content, byte[] drain, bool wantLocation, CancellationToken ct,
        ArrayBufferWriter<byte>? keep = null)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            keep?.ResetWrittenCount();
            await using (var body = await response.Content.ReadAsStreamAsync(ct))
            {
                int read;
                while ((read = await body.ReadAsync(drain, ct)) > 0)
                {
                    keep?.Write(drain.AsSpan(0, read));
                }
            }

            var location = wantLocation ? (response.Headers.Location ?? response.Content.Headers.ContentLocation)?.OriginalString : null;
            return new FhirReply((int)response.StatusCode, null, location);
        }
        catch (HttpRequestException e)
        {
            return new FhirReply(0, e.HttpRequestError.ToString(), null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FhirReply(0, "Timeout", null);
        }
        catch (IOException)
        {
            return new FhirReply(0, "ConnectionReset", null);
        }
    }

    /// <summary>Sends one request and returns its body as text: for setup only, never in a measured loop.</summary>
    public async Task<(int Status, string Body, string? Location)> SendForTextAsync(
        HttpMethod method, Uri uri, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        using var response = await http.SendAsync(request, ct);
        var location = (response.Headers.Location ?? response.Content.Headers.ContentLocation)?.OriginalString;
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), location);
    }

    public void Dispose() => http.Dispose();
}
