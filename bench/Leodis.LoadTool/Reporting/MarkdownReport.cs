using System.Globalization;
using System.Text;

namespace Leodis.LoadTool.Reporting;

/// <summary>The report as markdown tables, ready to paste into docs/performance.md.</summary>
public static class MarkdownReport
{
    public static string Write(LoadReport report)
    {
        var text = new StringBuilder();
        Line(text, $"### {report.Scenario}: {report.Concurrency} clients, {report.MeasuredSeconds:F1} s measured after {report.WarmupSeconds:F1} s warm-up");
        Line(text, $"");
        Line(text, $"`{report.CommandLine}`  ");
        Line(text, $"{report.BaseUrl}, started {report.Started:u}, {report.Usage.Cores} cores");
        Line(text, $"");
        Line(text, $"| operation | requests | req/s | resources/s | mean ms | p50 ms | p95 ms | p99 ms | max ms | errors |");
        Line(text, $"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var operation in report.Operations)
        {
            Row(text, operation, operation.Operation);
        }

        if (report.Operations.Count > 1)
        {
            Row(text, report.Total, "**all**");
        }

        if (report.ErrorsByStatus.Count > 0)
        {
            Line(text, $"");
            Line(text, $"| error (status or failure) | count |");
            Line(text, $"|---|--:|");
            foreach (var (status, count) in report.ErrorsByStatus)
            {
                Line(text, $"| {status} | {count} |");
            }
        }

        var usage = report.Usage;
        Line(text, $"");
        Line(text, $"| server CPU (% of one core) | server peak RSS (sampled) | server VmHWM | load tool CPU (% of one core) | machine busy (all cores) |");
        Line(text, $"|--:|--:|--:|--:|--:|");
        Line(text, $"| {Percent(usage.ServerCpuPercent)} | {MiB(usage.ServerPeakRssBytes)} | {MiB(usage.ServerHighWaterMarkBytes)} | {Percent(usage.LoadToolCpuPercent)} | {Percent(usage.MachineBusyPercent)} |");
        return text.ToString();
    }

    private static void Row(StringBuilder text, OperationReport o, string name)
    {
        var resources = o.Resources > 0 ? o.ResourcesPerSecond.ToString("F0", CultureInfo.InvariantCulture) : "-";
        Line(text, $"| {name} | {o.Requests} | {o.RequestsPerSecond:F0} | {resources} | {o.MeanMs:F2} | {o.P50Ms:F2} | {o.P95Ms:F2} | {o.P99Ms:F2} | {o.MaxMs:F2} | {o.Errors} |");
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) + " %" : "-";

    private static string MiB(long? bytes) => bytes is { } b ? (b / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB" : "-";

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
