using Leodis.Fhir.Rest;
using Leodis.Fhir.Storage;
using Leodis.Server.Fhir;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Demo;

/// <summary>
/// Loads the demo cohort in the background when the server starts on a store with no patients, so the first thing a
/// new user sees is a hospital rather than an empty database. The server answers requests while it loads.
/// </summary>
public sealed class DemoDataLoader(
    IResourceStore store,
    FhirEngine engine,
    IOptions<DemoOptions> demo,
    IOptions<FhirOptions> fhir,
    IOptions<Storage.StorageOptions> storage,
    TimeProvider clock,
    ILogger<DemoDataLoader> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = demo.Value;
        if (!(options.Enabled ?? storage.Value.Provider == "sqlite"))
        {
            return;
        }

        try
        {
            if (await HasPatientsAsync(stoppingToken))
            {
                DemoLog.StoreNotEmpty(logger);
                return;
            }

            var referenceDate = options.ReferenceDate ?? DateOnly.FromDateTime(LondonTime.ToLocal(clock.GetUtcNow()).DateTime);
            DemoLog.Loading(logger, options.Patients, options.Seed, LondonTime.Format(referenceDate));
            var generator = new CohortGenerator(new CohortOptions(options.Patients, options.Seed, referenceDate));
            var baseUrl = fhir.Value.BaseUrl?.TrimEnd('/') ?? "http://localhost/fhir";
            await using var sink = new FhirEngineSink(engine, baseUrl, concurrency: 2);
            var done = await CohortRun.RunAsync(
                generator, sink, p => DemoLog.LoadProgress(logger, p.Patients, options.Patients), stoppingToken, TimeSpan.FromSeconds(10));
            DemoLog.Loaded(logger, done.Patients, done.Resources, done.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            DemoLog.Stopped(logger);
        }
        catch (Exception e)
        {
            DemoLog.Failed(logger, e);
        }
    }

    /// <summary>True when any Patient was ever stored: one row of type history is enough to know.</summary>
    private async Task<bool> HasPatientsAsync(CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: false, ct);
        var page = await session.HistoryAsync(new HistoryQuery("Patient", null, null, 1, null), ct);
        return page.Entries.Count > 0;
    }
}
