using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Postgres;
using Leodis.Fhir.Storage.Sqlite;
using Leodis.Testing;

namespace Leodis.Fhir.Tests.Storage;

/// <summary>A store for one test class: a fresh SQLite file, or a fresh database in the test PostgreSQL.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    public IResourceStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await CreateAsync();
        await Store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    protected abstract Task<IResourceStore> CreateAsync();
}

public sealed class SqliteStoreFixture : StoreFixture
{
    public string File { get; } = Path.Combine(Path.GetTempPath(), $"leodis-test-{Guid.NewGuid():N}.db");

    protected override Task<IResourceStore> CreateAsync() =>
        Task.FromResult<IResourceStore>(new SqliteResourceStore($"Data Source={File}"));
}

public sealed class PostgresStoreFixture : StoreFixture
{
    protected override async Task<IResourceStore> CreateAsync() =>
        new PostgresResourceStore(await TestPostgres.CreateDatabaseAsync());
}
