using System.Net.Http.Headers;
using Leodis.Server.Security;
using Leodis.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leodis.Server.Tests.Demo;

/// <summary>
/// A real Leodis host on a loopback port over a fresh store, with the demo settings a test asks for (the shared
/// fixtures cannot take extra settings). Disposing stops it.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private DemoServer(WebApplication app, string connectionString)
    {
        this.app = app;
        ConnectionString = connectionString;
        var root = app.Urls.First();
        BaseUrl = root + "/fhir";
        Client = new HttpClient { BaseAddress = new Uri(root + "/fhir/") };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", app.Services.GetRequiredService<TokenIssuer>().Issue(DemoUser.Find("pas.integration")!));
    }

    public HttpClient Client { get; }

    public string BaseUrl { get; }

    public string ConnectionString { get; }

    /// <summary>The first-run demo loader's work, to await instead of sleeping.</summary>
    public Task DemoLoad => app.Services.GetServices<IHostedService>().OfType<Leodis.Server.Demo.DemoDataLoader>().Single().ExecuteTask ?? Task.CompletedTask;

    public static async Task<string> NewStoreAsync(string provider) => provider == "postgres"
        ? await TestPostgres.CreateDatabaseAsync()
        : $"Data Source={Path.Combine(Path.GetTempPath(), $"leodis-demo-{Guid.NewGuid():N}.db")}";

    public static async Task<DemoServer> StartAsync(string provider, string connectionString, bool demo, int demoPatients = 10)
    {
        var app = LeodisApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:Provider={provider}",
            $"--Storage:ConnectionString={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            $"--Demo:Enabled={demo}",
            $"--Demo:Patients={demoPatients}",
            "--Demo:ReferenceDate=2026-11-27",
        ]);
        await LeodisApp.InitializeAsync(app, CancellationToken.None);
        await app.StartAsync();
        return new DemoServer(app, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
