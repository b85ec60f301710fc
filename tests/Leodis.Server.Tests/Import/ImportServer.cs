using System.Net.Http.Headers;
using Leodis.Server.Security;
using Leodis.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Server.Tests.Import;

/// <summary>
/// The real host on a loopback port over a fresh store, with an import root of its own (a temp folder holding a copy
/// of part of the shared Synthea bulk export, and room for the tests' own files). Chunks are small so jobs take several.
/// </summary>
public abstract class ImportServer : IAsyncLifetime
{
    public const int ChunkSize = 100;

    /// <summary>The Synthea files copied under the root, in synthea/ (with the export's log.ndjson, which is not data).</summary>
    public static readonly string[] SyntheaFiles =
        ["Patient.000.ndjson", "Organization.000.ndjson", "AllergyIntolerance.000.ndjson", "Immunization.000.ndjson", "log.ndjson"];

    private WebApplication? app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => app!.Services;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"leodis-import-{Guid.NewGuid():N}");

    public string Provider { get; protected set; } = "sqlite";

    public string ConnectionString { get; protected set; } = null!;

    public string Synthea => Path.Combine(Root, "synthea");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Synthea);
        foreach (var file in SyntheaFiles)
        {
            File.Copy(SharedData.Path("synthea", "bulk-ndjson", "10-patients-partial", file), Path.Combine(Synthea, file));
        }

        await PrepareStoreAsync();
        app = LeodisApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:Provider={Provider}",
            $"--Storage:ConnectionString={ConnectionString}",
            "--Logging:LogLevel:Default=Warning",
            "--Demo:Enabled=false",
            $"--Import:Root={Root}",
            $"--Import:ChunkSize={ChunkSize}",
            "--Import:LeaseSeconds=2",
        ]);
        await LeodisApp.InitializeAsync(app, CancellationToken.None);
        await app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/fhir/") };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", app.Services.GetRequiredService<TokenIssuer>().Issue(DemoUser.Find("pas.integration")!));
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await TestStore.DeleteAsync(ConnectionString);
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Writes a file of the test's own under the root and returns its path.</summary>
    public string WriteFile(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    protected abstract Task PrepareStoreAsync();
}

public sealed class SqliteImportServer : ImportServer
{
    protected override Task PrepareStoreAsync()
    {
        Provider = "sqlite";
        ConnectionString = $"Data Source={Path.Combine(Root, "store.db")}";
        return Task.CompletedTask;
    }
}

public sealed class PostgresImportServer : ImportServer
{
    protected override async Task PrepareStoreAsync()
    {
        Provider = "postgres";
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
    }
}
