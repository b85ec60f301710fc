using Leodis.Fhir.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Leodis.Server.Health;

/// <summary>Ready when the store answers a query.</summary>
public sealed class StoreHealthCheck(IResourceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.IsReadyAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The store answers.")
                : HealthCheckResult.Unhealthy("The store has no schema.");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", e);
        }
    }
}
