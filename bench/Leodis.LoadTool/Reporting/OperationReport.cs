using System.Diagnostics;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Reporting;

/// <summary>One operation's figures over the measured window. Latency percentiles are exact (nearest rank over every request).</summary>
public sealed record OperationReport(
    string Operation,
    long Requests,
    long Errors,
    double RequestsPerSecond,
    long Resources,
    double ResourcesPerSecond,
    double MeanMs,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs)
{
    public static OperationReport From(OperationRecorder recorder, TimeSpan measured)
    {
        var ticks = recorder.LatencyTicks.ToArray();
        Array.Sort(ticks);
        var seconds = measured.TotalSeconds;
        return new OperationReport(
            recorder.Operation,
            ticks.Length,
            recorder.FailedRequests,
            seconds > 0 ? ticks.Length / seconds : 0,
            recorder.Resources,
            seconds > 0 ? recorder.Resources / seconds : 0,
            ticks.Length == 0 ? 0 : Ms(ticks.Average(t => (double)t)),
            Percentile(ticks, 0.50),
            Percentile(ticks, 0.95),
            Percentile(ticks, 0.99),
            ticks.Length == 0 ? 0 : Ms(ticks[^1]));
    }

    private static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : Ms(sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)]);

    private static double Ms(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
