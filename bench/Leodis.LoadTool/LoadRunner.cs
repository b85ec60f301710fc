using System.Diagnostics;
using System.Globalization;
using Leodis.LoadTool.Measurement;
using Leodis.LoadTool.Scenarios;

namespace Leodis.LoadTool;

/// <summary>
/// Runs a scenario with --concurrency async workers: a warm-up that is not counted, then a measured window that ends
/// at the duration, the count, or when the scenario has no work left. A request counts when it completes inside the
/// window (with --count: when it started inside the window and holds one of the count's tickets).
/// </summary>
public sealed class LoadRunner(LoadOptions options, ILoadScenario scenario)
{
    private long windowStart;
    private long windowEnd;
    private long tickets;
    private long completed;

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var workers = Enumerable.Range(0, options.Concurrency).Select(i => new WorkerContext(i, options.Seed)).ToArray();
        var lastCounted = new long[workers.Length];
        var began = Stopwatch.GetTimestamp();
        windowStart = began + Ticks(options.Warmup);
        windowEnd = options.Duration is { } duration ? windowStart + Ticks(duration) : long.MaxValue;

        var all = Task.WhenAll(workers.Select(w => Task.Run(() => WorkAsync(w, lastCounted, ct), CancellationToken.None)));
        var usage = new ResourceMonitor(options.ServerPid).WatchAsync(windowStart, windowEnd, all, Progress, ct);
        await all;
        var finished = Stopwatch.GetTimestamp();
        var resources = await usage;

        // Ended early (count reached, data exhausted, Ctrl+C): the window closes at the last counted completion.
        var closed = finished < windowEnd ? Math.Max(windowStart, lastCounted.Max()) : windowEnd;
        var operations = workers.SelectMany(w => w.Recorders)
            .GroupBy(r => r.Operation, StringComparer.Ordinal)
            .Select(g => g.Aggregate(new OperationRecorder(g.Key), (merged, one) => { merged.Merge(one); return merged; }))
            .OrderBy(r => r.Operation, StringComparer.Ordinal)
            .ToList();
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        return new RunResult(operations, Stopwatch.GetElapsedTime(windowStart, closed), resources);
    }

    private async Task WorkAsync(WorkerContext worker, long[] lastCounted, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= windowEnd)
                {
                    return;
                }

                var ticketed = false;
                if (options.Count is { } count && started >= windowStart)
                {
                    if (Interlocked.Increment(ref tickets) > count)
                    {
                        return;
                    }

                    ticketed = true;
                }

                if (await scenario.SendAsync(worker, ct) is not { } outcome)
                {
                    return;
                }

                var ended = Stopwatch.GetTimestamp();
                var counted = (options.Count is null ? ended >= windowStart : ticketed) && ended <= windowEnd;
                if (counted)
                {
                    worker.Record(outcome, ended - started);
                    lastCounted[worker.Index] = ended;
                    Interlocked.Increment(ref completed);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C: stop quietly and report what was measured.
        }
    }

    private string Progress()
    {
        var seconds = Stopwatch.GetElapsedTime(windowStart).TotalSeconds;
        var done = Interlocked.Read(ref completed);
        return string.Create(CultureInfo.InvariantCulture, $"  {seconds,6:F1} s measured: {done} requests ({done / seconds:F0}/s)");
    }

    private static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);
}
