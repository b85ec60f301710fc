using System.Diagnostics;
using System.Globalization;

namespace Leodis.LoadTool.Measurement;

/// <summary>
/// Watches the server process (when its pid is known), this process and the machine over the measured window:
/// CPU from /proc time counters at both ends, peak resident memory by sampling VmRSS and reading VmHWM.
/// </summary>
public sealed class ResourceMonitor(int? serverPid)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(200);

    private readonly string? pid = serverPid?.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits for the window to open, samples until it closes or the workers finish, and returns the usage.</summary>
    public async Task<ResourceUsage> WatchAsync(long windowStart, long windowEnd, Task workers, Func<string> progress, CancellationToken ct)
    {
        await DelayUntil(windowStart, workers, ct);
        var start = Snapshot();
        long peakRss = 0;
        var lastProgress = Stopwatch.GetTimestamp();
        while (!workers.IsCompleted && Stopwatch.GetTimestamp() < windowEnd && !ct.IsCancellationRequested)
        {
            if (pid is not null && ProcStats.StatusBytes(pid, "VmRSS") is { } rss)
            {
                peakRss = Math.Max(peakRss, rss);
            }

            if (Stopwatch.GetElapsedTime(lastProgress) >= TimeSpan.FromSeconds(5))
            {
                Console.Error.WriteLine(progress());
                lastProgress = Stopwatch.GetTimestamp();
            }

            await Task.WhenAny(workers, Task.Delay(SampleInterval, CancellationToken.None));
        }

        var end = Snapshot();
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        return new ResourceUsage(
            Percent(end.ServerCpu - start.ServerCpu, seconds),
            pid is null ? null : peakRss,
            pid is null ? null : ProcStats.StatusBytes(pid, "VmHWM"),
            Percent(end.ToolCpu - start.ToolCpu, seconds),
            end.Machine is { } m && start.Machine is { } s && m.Total > s.Total ? 100.0 * (m.Busy - s.Busy) / (m.Total - s.Total) : null,
            Environment.ProcessorCount);
    }

    private Sample Snapshot() => new(
        Stopwatch.GetTimestamp(),
        pid is null ? null : ProcStats.CpuSeconds(pid),
        ProcStats.CpuSeconds("self"),
        ProcStats.MachineCpu());

    private static double? Percent(double? cpuSeconds, double wallSeconds) =>
        cpuSeconds is { } cpu && wallSeconds > 0 ? 100.0 * cpu / wallSeconds : null;

    private static async Task DelayUntil(long timestamp, Task workers, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(workers, Task.Delay(wait, ct));
        }
    }

    private sealed record Sample(long Timestamp, double? ServerCpu, double? ToolCpu, (long Busy, long Total)? Machine);
}
