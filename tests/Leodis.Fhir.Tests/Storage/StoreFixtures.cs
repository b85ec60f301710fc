using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Postgres;
using Leodis.Fhir.Storage.Sqlite;
using Leodis.Testing;

namespace Leodis.Fhir.Tests.Storage;

/// <summary>A store for one test class: a fresh SQLite file, or a fresh database in the test PostgreSQL.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private string? connectionString;

    public IResourceStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        connectionString = await ConnectionStringAsync();
        Store = Open(connectionString);
        await Store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await TestStore.DeleteAsync(connectionString);
    }

    protected abstract Task<string> ConnectionStringAsync();

    protected abstract IResourceStore Open(string connectionString);
}

public sealed class SqliteStoreFixture : StoreFixture
{
    public string File { get; } = Path.Combine(Path.GetTempPath(), $"leodis-test-{Guid.NewGuid():N}.db");

    protected override Task<string> ConnectionStringAsync() => Task.FromResult($"Data Source={File}");

    protected override IResourceStore Open(string connectionString) => new SqliteResourceStore(connectionString);
}

public sealed class PostgresStoreFixture : StoreFixture
{
    protected override Task<string> ConnectionStringAsync() => TestPostgres.CreateDatabaseAsync();

    protected override IResourceStore Open(string connectionString) => new PostgresResourceStore(connectionString);
}
