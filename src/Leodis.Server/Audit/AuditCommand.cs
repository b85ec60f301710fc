using Leodis.Fhir.Storage;
using Leodis.Server.Storage;

namespace Leodis.Server.Audit;

/// <summary>
/// <c>audit verify</c>: walks the configured store's audit trail and prints "OK" with the number of records and the last
/// hash (exit code 0), or the first record that is missing or fails its hash (exit code 1).
/// </summary>
public static class AuditCommand
{
    public const string Name = "audit";

    public const string Usage = """
        Usage: Leodis.Server audit verify [--Storage:Provider=postgres --Storage:ConnectionString=...]

          verify    check the audit trail's hash chain from the first record to the last
        Storage is configured as for the server (appsettings.json, Storage__Provider, --Storage:ConnectionString=...).
        """;

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        if (args is not [Name, "verify", ..])
        {
            await output.WriteLineAsync(Usage);
            return args.Contains("--help") ? 0 : 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[2..])
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddResourceStore();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IResourceStore>();
        await store.InitializeAsync(ct);
        var result = await AuditChain.VerifyAsync(store, ct);
        await output.WriteLineAsync(result.Intact
            ? $"OK: {result.Count:N0} audit records, chain intact; last hash {result.LastHash}"
            : $"BROKEN at record {result.BrokenAt}: {result.Problem} ({result.Count:N0} records before it verify; last good hash {result.LastHash})");
        return result.Intact ? 0 : 1;
    }
}
