using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Hl7v2.Delivery;
using Leodis.Server;
using Leodis.Server.Security;
using Leodis.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Hl7v2.Tests;

/// <summary>The real Leodis host with its MLLP listener on loopback ports (HTTP and MLLP), over a fresh store.</summary>
public abstract class Hl7v2ServerFixture : IAsyncLifetime
{
    /// <summary>Small enough that the fuzz test can send a frame over it cheaply.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    private WebApplication? app;
    private string? connectionString;

    public HttpClient Fhir { get; private set; } = null!;

    public HttpClient Root { get; private set; } = null!;

    public int MllpPort { get; private set; }

    public abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        connectionString = await ConnectionStringAsync();
        app = LeodisApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:Provider={Provider}",
            $"--Storage:ConnectionString={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Leodis.Hl7v2=Error",
            "--Demo:Enabled=false",
            "--Hl7v2:Port=0",
            $"--Hl7v2:MaxMessageBytes={MaxMessageBytes}",
            "--Hl7v2:ReadTimeoutSeconds=30",
            .. ExtraArguments(),
        ]);
        await LeodisApp.InitializeAsync(app, CancellationToken.None);
        await app.StartAsync();
        var counters = app.Services.GetRequiredService<Hl7v2Counters>();
        Assert.True(counters.Listening, "The MLLP listener did not start.");
        MllpPort = counters.Port;
        var root = app.Urls.First();
        var token = new AuthenticationHeaderValue("Bearer", app.Services.GetRequiredService<TokenIssuer>().Issue(DemoUser.Find("pas.integration")!));
        Root = new HttpClient { BaseAddress = new Uri(root + "/") };
        Root.DefaultRequestHeaders.Authorization = token;
        Fhir = new HttpClient { BaseAddress = new Uri(root + "/fhir/") };
        Fhir.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        Fhir.DefaultRequestHeaders.Authorization = token;
    }

    public async Task DisposeAsync()
    {
        Fhir?.Dispose();
        Root?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await TestStore.DeleteAsync(connectionString);
    }

    public MllpClient Connect() => MllpClient.Connect(MllpPort);

    public async Task<T> ReadAsync<T>(string path)
        where T : Resource
    {
        using var response = await Fhir.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return (T)FhirFormat.ParseStored(body);
    }

    /// <summary>The resources a search finds (first page).</summary>
    public async Task<List<T>> SearchAsync<T>(string query)
        where T : Resource =>
        (await ReadAsync<Bundle>(query)).Entry.Select(e => e.Resource).OfType<T>().ToList();

    protected abstract Task<string> ConnectionStringAsync();

    protected virtual IEnumerable<string> ExtraArguments() => [];
}

public sealed class SqliteHl7v2Fixture : Hl7v2ServerFixture
{
    public override string Provider => "sqlite";

    protected override Task<string> ConnectionStringAsync() =>
        Task.FromResult($"Data Source={Path.Combine(Path.GetTempPath(), $"leodis-hl7v2-{Guid.NewGuid():N}.db")}");
}

public sealed class PostgresHl7v2Fixture : Hl7v2ServerFixture
{
    public override string Provider => "postgres";

    protected override Task<string> ConnectionStringAsync() => TestPostgres.CreateDatabaseAsync();
}
