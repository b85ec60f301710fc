using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Leodis.Web.Record;

/// <summary>
/// The patient record as a page reads and writes it: FHIR interactions run by the engine as the signed-in user (the
/// access gate applies inside them, exactly as over REST), each one audited before its answer is shown. One per circuit.
/// </summary>
public sealed class ClinicalRecord(FhirEngine engine, IClinicalHost host, AuthenticationStateProvider authentication, NavigationManager navigation)
{
    /// <summary>A search, for example <c>SearchAsync("Observation", "patient=1&amp;category=vital-signs&amp;_sort=-date")</c>.</summary>
    public async Task<Bundle> SearchAsync(string type, string query, CancellationToken ct)
    {
        var response = await ExecuteAsync(new FhirRequest("GET", type, FhirRequest.ParseQuery(query)), ct);
        return Answer<Bundle>(response);
    }

    /// <summary>The resources of one type a search matched (its first page), without what <c>_include</c> added.</summary>
    public async Task<List<T>> MatchesAsync<T>(string query, CancellationToken ct)
        where T : Resource
    {
        var bundle = await SearchAsync(TypeName<T>(), query, ct);
        return bundle.Entry
            .Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match)
            .Select(e => e.Resource)
            .OfType<T>()
            .ToList();
    }

    /// <summary>The current version, or null when it does not exist, was deleted, or the user may not see it.</summary>
    public async Task<T?> ReadAsync<T>(string id, CancellationToken ct)
        where T : Resource
    {
        var type = TypeName<T>();
        try
        {
            var response = await ExecuteAsync(new FhirRequest("GET", $"{type}/{id}", []), ct);
            return response.ResourceOrParsed() as T;
        }
        catch (FhirException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
    }

    /// <summary>Creates a resource; returns it as stored (with its id and version).</summary>
    public async Task<T> CreateAsync<T>(T resource, CancellationToken ct)
        where T : Resource
    {
        var response = await ExecuteAsync(new FhirRequest("POST", resource.TypeName, [], resource), ct);
        return Answer<T>(response);
    }

    /// <summary>Runs a transaction Bundle: all its entries are written, or none.</summary>
    public async Task<Bundle> TransactionAsync(Bundle bundle, CancellationToken ct)
    {
        var response = await ExecuteAsync(new FhirRequest("POST", string.Empty, [], bundle), ct);
        return Answer<Bundle>(response);
    }

    private async Task<FhirResponse> ExecuteAsync(FhirRequest request, CancellationToken ct)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var access = host.PolicyFor(user) ?? throw FhirException.Forbidden("You are not signed in with a role this server knows.");
        request = request with { Access = access };
        FhirResponse response;
        try
        {
            response = await engine.ExecuteAsync(request, BaseUrl, ct);
        }
        catch (FhirException e)
        {
            await host.AuditAsync(user, request, null, (int)e.Status, ct);
            throw;
        }

        await host.AuditAsync(user, request, response, (int)response.Status, ct);
        return response;
    }

    private static string TypeName<T>()
        where T : Resource =>
        ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not a FHIR resource type.");

    private static T Answer<T>(FhirResponse response)
        where T : Resource =>
        response.ResourceOrParsed() as T ?? throw new InvalidOperationException($"The engine answered without a {typeof(T).Name}.");

    private string BaseUrl => navigation.BaseUri.TrimEnd('/') + "/fhir";
}
