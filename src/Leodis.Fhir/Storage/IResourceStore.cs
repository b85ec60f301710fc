namespace Leodis.Fhir.Storage;

/// <summary>The durable home of every resource version. SQLite for one machine, PostgreSQL for production.</summary>
public interface IResourceStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>A unit of work. Writes become visible and durable only at <see cref="IStoreSession.CommitAsync"/>.</summary>
    Task<IStoreSession> BeginAsync(bool write, CancellationToken ct);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken ct);
}
