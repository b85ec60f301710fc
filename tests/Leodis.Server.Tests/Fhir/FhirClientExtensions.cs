using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Leodis.Fhir;

namespace Leodis.Server.Tests.Fhir;

/// <summary>Small helpers for talking FHIR JSON to the server under test.</summary>
public static class FhirClientExtensions
{
    public static StringContent Json(string json, string mediaType = "application/fhir+json") =>
        new(json, Encoding.UTF8, mediaType);

    public static StringContent Json(Resource resource) => Json(FhirFormat.ToJson(resource));

    public static async Task<T> ReadResourceAsync<T>(this HttpResponseMessage response)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        return (T)FhirFormat.ParseStored(text);
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await client.SendAsync(request);
    }

    public static async Task<Patient> CreatePatientAsync(this HttpClient client, string family = "Test")
    {
        var response = await client.PostAsync("Patient", Json(new Patient { Name = [new HumanName { Family = family }] }));
        response.EnsureSuccessStatusCode();
        return await response.ReadResourceAsync<Patient>();
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
