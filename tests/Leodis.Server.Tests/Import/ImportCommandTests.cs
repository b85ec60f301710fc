using System.Diagnostics;
using System.Globalization;
using Leodis.Fhir.Import;
using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Postgres;
using Leodis.Fhir.Storage.Sqlite;
using Leodis.Server.Import;
using Leodis.Testing;

namespace Leodis.Server.Tests.Import;

/// <summary>
/// The import command: SIGKILLed in the middle of a folder, the store holds whole chunks only, and running the same
/// command again finishes the job with every resource exactly once; a third run loads nothing.
/// </summary>
public abstract class ImportCommandTests : IAsyncLifetime
{
    private const int Resources = 10_000;

    // A bound so a broken run fails the test instead of hanging it; not a performance assertion.
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"leodis-import-cli-{Guid.NewGuid():N}");

    protected abstract string Provider { get; }

    protected string ConnectionString { get; set; } = null!;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await TestStore.DeleteAsync(ConnectionString);
    }

    [Fact]
    public async Task A_killed_import_resumes_when_run_again_and_loads_every_resource_once()
    {
        Directory.CreateDirectory(folder);
        var ids = Enumerable.Range(0, Resources).Select(i => $"cli-{i:D5}").ToList();
        await File.WriteAllLinesAsync(Path.Combine(folder, "Basic.ndjson"), ids.Select(id => $$$"""{"resourceType":"Basic","id":"{{{id}}}","code":{"text":"cli"}}"""));
        await File.WriteAllTextAsync(Path.Combine(folder, "log.ndjson"), "{\"not\":\"a resource\"}\n");
        string[] storage = [$"--Storage:Provider={Provider}", $"--Storage:ConnectionString={ConnectionString}", "--Import:LeaseSeconds=1"];

        await using var store = OpenStore();
        await store.InitializeAsync(CancellationToken.None);
        var jobs = new ImportJobs(store, TimeProvider.System);
        var source = $"file:{Path.GetFullPath(folder)}|";
        ImportJob? killedAt;
        using (var process = Start(["import", folder, "--chunk", "100", .. storage]))
        {
            var clock = Stopwatch.StartNew();
            while ((killedAt = await jobs.LatestForSourceAsync(source, CancellationToken.None)) is not { State.LoadedTotal: > 0 })
            {
                if (process.HasExited)
                {
                    Assert.Fail($"The import ended (exit code {process.ExitCode}) before it could be killed.");
                }

                Assert.True(clock.Elapsed < Within, "The import did not get going.");
                await Task.Delay(5);
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        killedAt = await jobs.GetAsync(killedAt.Id, CancellationToken.None);
        Assert.Equal(ImportJobStatus.Running, killedAt!.Status);
        Assert.True(killedAt.State.LoadedTotal < Resources, "The job finished before the kill.");
        Assert.Equal(killedAt.State.LoadedTotal, await CountAsync(store, "resources"));
        Assert.Equal(0, killedAt.State.LoadedTotal % 100);

        var output = new StringWriter();
        Assert.Equal(0, await ImportCommand.RunAsync(["import", folder, "--chunk", "700", .. storage], output, CancellationToken.None));
        Assert.Contains($"Resuming job {killedAt.Id}", output.ToString(), StringComparison.Ordinal);

        Assert.Equal(Resources, await CountAsync(store, "resources"));
        Assert.Equal(Resources, await CountAsync(store, "resource_history"));
        Assert.Equal(1L, await ScalarAsync(store, "SELECT max(version_id) FROM resource_history"));
        Assert.Equal(Resources, await ScalarAsync(store, "SELECT count(DISTINCT id) FROM resource_history"));
        var done = await jobs.GetAsync(killedAt.Id, CancellationToken.None);
        Assert.Equal(ImportJobStatus.Completed, done!.Status);
        Assert.Equal(new Dictionary<string, long> { ["Basic"] = Resources }, done.State.Loaded);

        var again = new StringWriter();
        Assert.Equal(0, await ImportCommand.RunAsync(["import", folder, .. storage], again, CancellationToken.None));
        Assert.Contains("was imported by job", again.ToString(), StringComparison.Ordinal);
        Assert.Equal(Resources, await CountAsync(store, "resource_history"));
    }

    [Fact]
    public async Task A_bad_import_command_line_exits_with_2()
    {
        Assert.Equal(2, await ImportCommand.RunAsync(["import"], TextWriter.Null, CancellationToken.None));
        Assert.Equal(2, await ImportCommand.RunAsync(["import", "x", "--type", "Colour"], TextWriter.Null, CancellationToken.None));
        Assert.Equal(2, await ImportCommand.RunAsync(["import", "x", "--chunk", "0"], TextWriter.Null, CancellationToken.None));
    }

    private IResourceStore OpenStore() =>
        Provider == "postgres" ? new PostgresResourceStore(ConnectionString) : new SqliteResourceStore(ConnectionString);

    private static async Task<long> CountAsync(IResourceStore store, string table) => await ScalarAsync(store, $"SELECT count(*) FROM {table}");

    private static async Task<long> ScalarAsync(IResourceStore store, string sql)
    {
        await using var session = await store.BeginAsync(write: false, CancellationToken.None);
        return Convert.ToInt64(await session.ScalarAsync(new SqlQuery(sql, []), CancellationToken.None), CultureInfo.InvariantCulture);
    }

    /// <summary>The server program as a process of its own (dotnet Leodis.Server.dll import ...), so it can be SIGKILLed.</summary>
    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardError = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Leodis.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the import command.");
    }
}

public sealed class SqliteImportCommandTests : ImportCommandTests
{
    public SqliteImportCommandTests() => ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"leodis-import-cli-{Guid.NewGuid():N}.db")}";

    protected override string Provider => "sqlite";
}

public sealed class PostgresImportCommandTests : ImportCommandTests
{
    protected override string Provider => "postgres";

    public override async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync();
}
