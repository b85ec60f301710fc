using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Reporting;

/// <summary>Everything a run found, as printed in markdown and written with --json-out.</summary>
public sealed record LoadReport(
    string Scenario,
    string BaseUrl,
    int Concurrency,
    double WarmupSeconds,
    double MeasuredSeconds,
    DateTimeOffset Started,
    string CommandLine,
    IReadOnlyList<OperationReport> Operations,
    OperationReport Total,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    ResourceUsage Usage)
{
    public static LoadReport From(LoadOptions options, RunResult result, DateTimeOffset started, string commandLine)
    {
        var total = new OperationRecorder("all");
        foreach (var operation in result.Operations)
        {
            total.Merge(operation);
        }

        return new LoadReport(
            options.Scenario,
            options.BaseUrl.ToString(),
            options.Concurrency,
            options.Warmup.TotalSeconds,
            result.Measured.TotalSeconds,
            started,
            commandLine,
            result.Operations.Select(o => OperationReport.From(o, result.Measured)).ToList(),
            OperationReport.From(total, result.Measured),
            new SortedDictionary<string, long>(total.Errors, StringComparer.Ordinal),
            result.Usage);
    }
}
