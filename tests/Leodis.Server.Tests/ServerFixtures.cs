using System.Net.Http.Headers;
using Leodis.Server;
using Leodis.Server.Security;
using Leodis.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Server.Tests;

/// <summary>The real Leodis host on a loopback port, over a fresh store, shared by one test class.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private WebApplication? app;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The FHIR base, for example http://127.0.0.1:41234/fhir.</summary>
    public string BaseUrl { get; private set; } = null!;

    public string Provider { get; protected set; } = "sqlite";

    public string ConnectionString { get; protected set; } = null!;

    /// <summary>More command-line configuration for the host (clients to register, say); set before it starts.</summary>
    public List<string> Arguments { get; } = [];

    public async Task InitializeAsync()
    {
        await PrepareStoreAsync();
        app = LeodisApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:Provider={Provider}",
            $"--Storage:ConnectionString={ConnectionString}",
            "--Fhir:MaxRequestBodyBytes=8388608",
            "--Logging:LogLevel:Default=Warning",
            "--Demo:Enabled=false",
            .. Arguments,
        ]);
        await LeodisApp.InitializeAsync(app, CancellationToken.None);
        await app.StartAsync();
        var root = app.Urls.First();
        BaseUrl = root + "/fhir";
        Client = ClientFor(DemoUser.Find("pas.integration")!);
    }

    /// <summary>A FHIR client signed in as <paramref name="user"/> through the built-in identity provider.</summary>
    public HttpClient ClientFor(DemoUser user, string? scope = null, string? patient = null)
    {
        var issuer = app!.Services.GetRequiredService<TokenIssuer>();
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", scope is null ? issuer.Issue(user, patient: patient) : issuer.Issue(user, scope, patient));
        return client;
    }

    /// <summary>The host's services, for tests that sign tokens or look at the store directly.</summary>
    public IServiceProvider Services => app!.Services;

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await TestStore.DeleteAsync(ConnectionString);
    }

    protected abstract Task PrepareStoreAsync();
}

public sealed class SqliteServerFixture : ServerFixture
{
    protected override Task PrepareStoreAsync()
    {
        Provider = "sqlite";
        ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"leodis-server-{Guid.NewGuid():N}.db")}";
        return Task.CompletedTask;
    }
}

public sealed class PostgresServerFixture : ServerFixture
{
    protected override async Task PrepareStoreAsync()
    {
        Provider = "postgres";
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
    }
}
