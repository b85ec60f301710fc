using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Leodis.Fhir.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Benchmarks.SummaryRender;

/// <summary>
/// The summary page of one patient with 2,000 resources rendered on the server (issue 6's target: under 150 ms p95):
/// one iteration is one render as dr.patel, in a fresh scope, through ClinicalRecord, the access gate and the audit trail
/// (durable before each answer). P95 is over single renders.
/// <code>dotnet run -c Release --project bench/Leodis.Benchmarks -- --filter '*SummaryRender*'</code>
/// </summary>
[Config(typeof(Config))]
public class SummaryRenderBenchmarks
{
    /// <summary>
    /// What is rendered. The stand-in until Leodis.Web.Patients.PatientSummary (parameter PatientId) is in main; then
    /// <c>typeof(Leodis.Web.Patients.PatientSummary)</c>.
    /// </summary>
    private static readonly Type Target = typeof(Leodis.Web.Patients.PatientSummary);

    private SummaryHost? host;
    private string patientId = string.Empty;

    /// <summary>With the audit trail on (as deployed) and off (to show what audit costs).</summary>
    [Params(true, false)]
    public bool Audit { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        host = await SummaryHost.StartAsync(Audit, CancellationToken.None);
        patientId = await LargeRecord.WriteAsync(host.Services.GetRequiredService<FhirEngine>(), DateTimeOffset.UtcNow, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Benchmark]
    public Task<string> RenderSummary() =>
        host!.RenderAsync(Target, new Dictionary<string, object?> { ["PatientId"] = patientId }, "dr.patel", $"patients/{patientId}");

    /// <summary>One render per iteration so the percentiles are of renders; in process, as the host is built in setup.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(10)
                .WithIterationCount(100)
                .WithLaunchCount(1));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}
