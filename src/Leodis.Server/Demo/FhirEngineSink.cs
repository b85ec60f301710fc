using System.Net;
using Leodis.Fhir.Rest;

namespace Leodis.Server.Demo;

/// <summary>Writes bundles through this server's own engine, the same path a POST to /fhir takes (used for the demo data).</summary>
public sealed class FhirEngineSink(FhirEngine engine, string baseUrl, int concurrency) : ConcurrentBundleSink(concurrency)
{
    protected override async Task SendAsync(CohortBundle bundle, CancellationToken ct)
    {
        var request = new FhirRequest("POST", string.Empty, [], bundle.Bundle) { PreferReturn = "minimal" };
        var response = await engine.ExecuteAsync(request, baseUrl, ct);
        if (response.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The engine answered {(int)response.Status} to the {bundle.Name} bundle.");
        }
    }
}
