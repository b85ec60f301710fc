using System.Collections.Concurrent;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Tests.Fhir;
using Leodis.Testing;

namespace Leodis.Server.Tests.Durability;

/// <summary>
/// A 201 is a promise: the server is SIGKILLed in the middle of a stream of creates and restarted on the same store,
/// and every create it acknowledged must still be there, unchanged. Creates cut off by the kill were never promised.
/// </summary>
public abstract class KillTests
{
    private const int AcknowledgedBeforeKill = 200;
    private const int Writers = 4;

    protected abstract string Provider { get; }

    protected abstract Task<string> NewStoreAsync();

    [Fact]
    public async Task Every_acknowledged_create_survives_a_SIGKILL_and_restart()
    {
        var connectionString = await NewStoreAsync();
        var stream = new CreateStream();
        await using (var server = await ServerProcess.StartAsync(Provider, connectionString))
        {
            var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => stream.WriteUntilCutOffAsync(server.Client))));
            await Task.WhenAny(stream.Enough, writers);
            Assert.True(stream.Enough.IsCompleted, $"The writers stopped before the kill:\n{stream.Failures()}\n{server.Output()}");

            stream.ExpectCutOff();
            await server.KillAsync();
            await writers;
            Assert.Equal(137, server.ExitCode);
        }

        Assert.True(stream.Unexpected.IsEmpty, $"Before the kill the server answered:\n{stream.Failures()}");
        Assert.True(stream.Acknowledged.Count >= AcknowledgedBeforeKill);

        await using var restarted = await ServerProcess.StartAsync(Provider, connectionString);
        var lost = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(
            stream.Acknowledged,
            new ParallelOptions { MaxDegreeOfParallelism = Writers },
            async (created, ct) =>
            {
                if (await DifferenceAsync(restarted.Client, created, ct) is { } difference)
                {
                    lost.Enqueue(difference);
                }
            });
        Assert.True(
            lost.IsEmpty,
            $"{lost.Count} of {stream.Acknowledged.Count} acknowledged creates did not survive:\n{string.Join("\n", lost.Take(10))}");

        var inHistory = await FirstVersionsInHistoryAsync(restarted.Client);
        var missingFromHistory = stream.Acknowledged.Select(p => p.Id).Where(id => !inHistory.Contains(id)).ToList();
        Assert.True(missingFromHistory.Count == 0, $"Not in the history after the restart: {string.Join(", ", missingFromHistory.Take(10))}");

        // The store the kill left behind still takes writes.
        using var after = await restarted.Client.PostAsync("Patient", FhirClientExtensions.Json(CreateStream.NewPatient()));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    /// <summary>Null when the restarted server has the create exactly as it was acknowledged; otherwise what differs.</summary>
    private static async Task<string?> DifferenceAsync(HttpClient client, Patient created, CancellationToken ct)
    {
        var id = created.Id;
        using var read = await client.GetAsync($"Patient/{id}", ct);
        if (read.StatusCode != HttpStatusCode.OK)
        {
            return $"Patient/{id}: read is {(int)read.StatusCode}";
        }

        var readJson = FhirFormat.ToJson(FhirFormat.ParseStored(await read.Content.ReadAsStringAsync(ct)));
        if (readJson != FhirFormat.ToJson(created))
        {
            return $"Patient/{id}: read {readJson}, acknowledged {FhirFormat.ToJson(created)}";
        }

        return read.Headers.ETag?.ToString() == "W/\"1\"" ? null : $"Patient/{id}: ETag is {read.Headers.ETag}";
    }

    /// <summary>The ids of every version 1 in the type history of Patient, following the pages to the end.</summary>
    private static async Task<HashSet<string>> FirstVersionsInHistoryAsync(HttpClient client)
    {
        var ids = new HashSet<string>();
        for (var page = "Patient/_history?_count=1000"; page is not null;)
        {
            using var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bundle = await response.ReadResourceAsync<Bundle>();
            ids.UnionWith(bundle.Entry.Where(e => e.Resource?.Meta?.VersionId == "1").Select(e => e.Resource.Id).OfType<string>());
            page = bundle.Link.SingleOrDefault(l => l.Relation == "next")?.Url;
        }

        return ids;
    }

    /// <summary>Creates from several writers until the kill, recording every acknowledged one.</summary>
    private sealed class CreateStream
    {
        private const string IdentifierSystem = "urn:leodis:test:kill";

        private readonly TaskCompletionSource enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int acknowledgedCount;
        private int killed;

        /// <summary>Every create the server answered 201 to, as the resource it returned.</summary>
        public ConcurrentQueue<Patient> Acknowledged { get; } = new();

        public ConcurrentQueue<string> Unexpected { get; } = new();

        /// <summary>Done once <see cref="AcknowledgedBeforeKill"/> creates have been acknowledged.</summary>
        public Task Enough => enough.Task;

        public static Patient NewPatient() => new()
        {
            Identifier = [new Identifier(IdentifierSystem, Guid.NewGuid().ToString())],
            Name = [new HumanName { Family = "Durable", Given = ["Kill"] }],
            BirthDate = "1970-01-01",
        };

        /// <summary>From here on, a failed request is the kill's doing, not the server's.</summary>
        public void ExpectCutOff() => Volatile.Write(ref killed, 1);

        /// <summary>Posts one Patient after another until a request fails; it must be the kill that fails it.</summary>
        public async Task WriteUntilCutOffAsync(HttpClient client)
        {
            while (true)
            {
                var sent = NewPatient();
                HttpResponseMessage response;
                string body;
                try
                {
                    // Buffers the whole response: a create counts as acknowledged only once its body arrived.
                    response = await client.PostAsync("Patient", FhirClientExtensions.Json(sent));
                    body = await response.Content.ReadAsStringAsync();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        Unexpected.Enqueue($"{e.GetType().Name}: {e.Message}");
                    }

                    return;
                }

                using (response)
                {
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        Unexpected.Enqueue($"{(int)response.StatusCode}: {body}");
                        return;
                    }

                    var created = (Patient)FhirFormat.ParseStored(body);
                    if (created.Identifier.SingleOrDefault()?.Value != sent.Identifier[0].Value ||
                        response.Headers.Location?.AbsolutePath.EndsWith($"/fhir/Patient/{created.Id}/_history/1", StringComparison.Ordinal) != true)
                    {
                        Unexpected.Enqueue($"201 for another resource than was sent: Location {response.Headers.Location}, body {body}");
                        return;
                    }

                    Acknowledged.Enqueue(created);
                }

                if (Interlocked.Increment(ref acknowledgedCount) >= AcknowledgedBeforeKill)
                {
                    enough.TrySetResult();
                }
            }
        }

        public string Failures() => string.Join("\n", Unexpected.Take(10));
    }
}

public sealed class SqliteKillTests : KillTests, IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"leodis-kill-{Guid.NewGuid():N}.db");

    protected override string Provider => "sqlite";

    protected override Task<string> NewStoreAsync() => Task.FromResult($"Data Source={file}");

    public void Dispose()
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}

public sealed class PostgresKillTests : KillTests, IAsyncLifetime
{
    private string? store;

    protected override string Provider => "postgres";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestStore.DeleteAsync(store);

    protected override async Task<string> NewStoreAsync() => store = await TestPostgres.CreateDatabaseAsync();
}
