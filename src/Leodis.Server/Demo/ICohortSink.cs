namespace Leodis.Server.Demo;

/// <summary>Where a generated cohort goes: a folder of bundles, NDJSON files, a FHIR server over HTTP, or this server's engine.</summary>
public interface ICohortSink : IAsyncDisposable
{
    /// <summary>Takes the next bundle; may return before it is written, but the hospital bundle is written before anything after it.</summary>
    Task WriteAsync(CohortBundle bundle, CancellationToken ct);

    /// <summary>Waits until everything taken is written, and throws if any of it failed.</summary>
    Task CompleteAsync(CancellationToken ct);
}
