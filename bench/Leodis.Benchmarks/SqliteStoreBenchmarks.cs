using BenchmarkDotNet.Attributes;
using Leodis.Fhir;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Sqlite;

namespace Leodis.Benchmarks;

/// <summary>
/// SqliteResourceStore on a temp file with the server's durable settings (WAL, synchronous=FULL): one new resource
/// written with its search index rows and committed (so the disk's flush time is part of it); twenty written in one
/// session and committed once (so the statements' cost shows, not the flush's); and one read by id from 10,000
/// resources.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreBenchmarks
{
    private const int Preloaded = 10_000;

    private readonly TemporarySqliteFile file = new();
    private readonly Random random = new(42);
    private readonly SqliteResourceStore store;
    private string json = string.Empty;
    private ResourceIndex index = new();
    private long next;

    public SqliteStoreBenchmarks() => store = new SqliteResourceStore(file.ConnectionString);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        json = Samples.SyntheaPatient();
        index = new SearchIndexer(SearchParameterRegistry.Default).Index(FhirFormat.ParseJson(json));
        await store.InitializeAsync(CancellationToken.None);
        await using var session = await store.BeginAsync(write: true, CancellationToken.None);
        for (var i = 0; i < Preloaded; i++)
        {
            await session.WriteAsync(Version($"pre-{i}"), 0, index, CancellationToken.None);
        }

        await session.CommitAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await store.DisposeAsync();
        file.Delete();
    }

    [Benchmark]
    public async Task WriteAndCommitNewResource()
    {
        await using var session = await store.BeginAsync(write: true, CancellationToken.None);
        await session.WriteAsync(Version($"new-{Interlocked.Increment(ref next)}"), 0, index, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    [Benchmark(OperationsPerInvoke = 20)]
    public async Task WriteTwentyInOneSession()
    {
        await using var session = await store.BeginAsync(write: true, CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            await session.WriteAsync(Version($"many-{Interlocked.Increment(ref next)}"), 0, index, CancellationToken.None);
        }

        await session.CommitAsync(CancellationToken.None);
    }

    [Benchmark]
    public async Task<StoredResource?> ReadById()
    {
        await using var session = await store.BeginAsync(write: false, CancellationToken.None);
        return await session.ReadAsync("Patient", $"pre-{random.Next(Preloaded)}", CancellationToken.None);
    }

    private StoredResource Version(string id) => new("Patient", id, 1, DateTimeOffset.UtcNow, IsDeleted: false, json, "POST");
}
