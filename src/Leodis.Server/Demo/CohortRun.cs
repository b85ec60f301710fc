using System.Diagnostics;

namespace Leodis.Server.Demo;

/// <summary>How much of a cohort has been written so far, and how long it took.</summary>
public sealed record CohortProgress(int Patients, long Resources, TimeSpan Elapsed);

/// <summary>Streams a generated cohort into a sink, reporting progress now and then (counts only, never content).</summary>
public static class CohortRun
{
    public static async Task<CohortProgress> RunAsync(
        CohortGenerator generator, ICohortSink sink, Action<CohortProgress>? progress, CancellationToken ct, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        var reportEvery = every ?? TimeSpan.FromSeconds(5);
        var lastReport = TimeSpan.Zero;
        var patients = 0;
        var resources = 0L;
        await foreach (var bundle in generator.GenerateAsync(ct))
        {
            await sink.WriteAsync(bundle, ct);
            patients += bundle.IsHospital ? 0 : 1;
            resources += bundle.Bundle.Entry.Count;
            if (progress is not null && clock.Elapsed - lastReport >= reportEvery)
            {
                lastReport = clock.Elapsed;
                progress(new CohortProgress(patients, resources, clock.Elapsed));
            }
        }

        await sink.CompleteAsync(ct);
        return new CohortProgress(patients, resources, clock.Elapsed);
    }
}
