using System.Net.Sockets;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Hl7v2.Er7;
using Leodis.Testing;

namespace Leodis.Hl7v2.Tests;

/// <summary>
/// The server is SIGKILLed twice while a PAS streams admissions over MLLP and re-sends whatever it has no ACK
/// for, as a PAS does. Afterwards every message has had exactly one effect: one Encounter per visit with one version,
/// one Patient version per message about that patient, one applied MessageHeader per message.
/// </summary>
public abstract class KillTests
{
    private const int MessageCount = 60;
    private const int Patients = 6;
    private const int Kills = 2;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ServerProcess, int> mllpPorts = new();

    protected abstract string Provider { get; }

    protected abstract Task<string> NewStoreAsync();

    [Fact]
    public async Task Every_message_has_exactly_one_effect_across_repeated_SIGKILLs()
    {
        var store = await NewStoreAsync();
        var run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var hospitalNumbers = Enumerable.Range(0, Patients).Select(p => $"K{run}-{p}").ToArray();
        var messages = Enumerable.Range(0, MessageCount)
            .Select(i => Messages.Adt("A01", hospitalNumbers[i % Patients], $"V{run}-{i}", ward: $"W{i % 4}", time: Messages.Time(i)))
            .ToArray();
        var random = new Random(4242);

        var server = await StartAsync(store);
        Task<ServerProcess>? restarting = null;
        MllpClient? client = null;
        var kills = 0;
        try
        {
            for (var i = 0; i < MessageCount;)
            {
                if (restarting is null && kills < Kills && i >= (kills + 1) * MessageCount / (Kills + 1))
                {
                    var victim = server;
                    var delay = random.Next(0, 20);
                    kills++;
                    restarting = Task.Run(async () =>
                    {
                        await Task.Delay(delay);
                        await victim.KillAsync();
                        await victim.DisposeAsync();
                        return await StartAsync(store);
                    });
                }

                try
                {
                    client ??= MllpClient.Connect(mllpPorts[server]);
                    var ack = await client.SendAsync(messages[i]);
                    Assert.Equal("AA", ack.Segment("MSA")![1]);
                    Assert.Equal(Er7Message.Parse(messages[i]).ControlId, ack.Segment("MSA")![2]);
                    i++;
                }
                catch (Exception e) when (e is IOException or SocketException && restarting is not null)
                {
                    // The kill cut the connection: reconnect to the restarted server and send the same message again.
                    client?.Dispose();
                    client = null;
                    server = await restarting;
                    restarting = null;
                }
            }

            if (restarting is not null)
            {
                server = await restarting;
            }

            Assert.Equal(Kills, kills);
            await AssertExactlyOnceAsync(server, run, hospitalNumbers);
        }
        finally
        {
            client?.Dispose();
            await server.DisposeAsync();
        }
    }

    /// <summary>The server on fresh ports, its MLLP port remembered for the client.</summary>
    private async Task<ServerProcess> StartAsync(string store)
    {
        var mllpPort = ServerProcess.FreePort();
        var server = await ServerProcess.StartAsync(Provider, store, $"--Hl7v2:Port={mllpPort}");
        mllpPorts[server] = mllpPort;
        return server;
    }

    private static async Task AssertExactlyOnceAsync(ServerProcess server, string run, string[] hospitalNumbers)
    {
        for (var i = 0; i < MessageCount; i++)
        {
            var encounters = await BundleAsync(server, $"Encounter?identifier=https://leodis.example/Id/visit-number|V{run}-{i}");
            var encounter = Assert.Single(encounters.Entry).Resource;
            Assert.Equal("1", encounter.Meta.VersionId);
        }

        foreach (var hn in hospitalNumbers)
        {
            var patient = Assert.Single((await BundleAsync(server, $"Patient?identifier=https://leodis.example/Id/hospital-number|{hn}")).Entry).Resource;
            var history = await BundleAsync(server, $"Patient/{patient.Id}/_history?_count=1000");
            Assert.Equal(MessageCount / hospitalNumbers.Length, history.Entry.Count);
        }

        var applied = await BundleAsync(server, "MessageHeader?_tag=https://leodis.example/fhir/CodeSystem/hl7v2-delivery-status|applied&_count=1000");
        Assert.Equal(MessageCount, applied.Entry.Count);
    }

    private static async Task<Bundle> BundleAsync(ServerProcess server, string query)
    {
        using var response = await server.Client.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {body}");
        return (Bundle)FhirFormat.ParseStored(body);
    }
}

public sealed class SqliteKillTests : KillTests, IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"leodis-hl7v2-kill-{Guid.NewGuid():N}.db");

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
