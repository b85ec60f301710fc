using Leodis.LoadTool.Fhir;

namespace Leodis.LoadTool.Scenarios;

/// <summary>What every scenario of a run shares: the client, the options and a sequence that makes identifiers unique.</summary>
public sealed class ScenarioContext(FhirClient client, LoadOptions options)
{
    private long sequence = options.Seed * 1_000_003L;

    public FhirClient Client { get; } = client;

    public LoadOptions Options { get; } = options;

    /// <summary>Distinguishes this run's identifiers from every other run's.</summary>
    public string RunId { get; } = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Guid.NewGuid().ToString("N")[..6];

    public long NextSequence() => Interlocked.Increment(ref sequence);
}
