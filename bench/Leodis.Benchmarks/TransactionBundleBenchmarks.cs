using System.Net;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage.Sqlite;

namespace Leodis.Benchmarks;

/// <summary>
/// A Synthea transaction bundle (about 200 entries) through FhirEngine on SQLite: parsing alone, and parsing plus the
/// whole transaction (identities, reference rewriting, serialising and indexing every entry, one commit). The difference is the
/// engine's own cost. The bundle is parsed each time because the engine rewrites it in place.
/// </summary>
[MemoryDiagnoser]
public class TransactionBundleBenchmarks
{
    private readonly TemporarySqliteFile file = new();
    private readonly SqliteResourceStore store;
    private readonly FhirEngine engine;
    private string bundle = string.Empty;

    public TransactionBundleBenchmarks()
    {
        store = new SqliteResourceStore(file.ConnectionString);
        engine = new FhirEngine(store, TimeProvider.System, new SearchIndexer(SearchParameterRegistry.Default));
    }

    [GlobalSetup]
    public async System.Threading.Tasks.Task SetupAsync()
    {
        bundle = Samples.SyntheaBundle();
        await store.InitializeAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async System.Threading.Tasks.Task CleanupAsync()
    {
        await store.DisposeAsync();
        file.Delete();
    }

    [Benchmark(Baseline = true)]
    public Resource ParseSyntheaBundle() => FhirFormat.ParseJson(bundle);

    [Benchmark]
    public async Task<FhirResponse> ParseAndCommitSyntheaTransaction()
    {
        var request = new FhirRequest("POST", string.Empty, [], FhirFormat.ParseJson(bundle));
        var response = await engine.ExecuteAsync(request, "http://127.0.0.1/fhir", CancellationToken.None);
        return response.Status == HttpStatusCode.OK ? response : throw new InvalidOperationException($"The transaction answered {response.Status}.");
    }
}
