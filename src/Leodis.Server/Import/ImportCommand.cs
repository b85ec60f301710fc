using System.Diagnostics;
using System.Globalization;
using Leodis.Fhir.Import;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;
using Leodis.Server.Storage;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Import;

/// <summary>
/// <c>import PATH</c>: loads an NDJSON file or a folder of Type.ndjson files straight into the configured store, without
/// the web host. Running it again on the same path resumes an interrupted run; a path already imported is not loaded
/// twice unless --again says so. Exit code 0 when the job completed (refused lines are listed), 1 when it did not,
/// 2 for a bad command line.
/// </summary>
public static class ImportCommand
{
    public const string Name = "import";

    public const string Usage = """
        Usage: Leodis.Server import PATH [options] [--Storage:Provider=postgres --Storage:ConnectionString=...]

          PATH               an NDJSON file, or a folder of Type.ndjson / Type.000.ndjson files (others are skipped)
          --type TYPE        only this resource type: a folder's TYPE files; every line of a file must be one
          --chunk N          resources per transaction (default Import:ChunkSize, 2000)
          --errors FILE      write the error report (NDJSON of OperationOutcomes, one per refused line) to FILE
          --again            import a path that was imported before (its resources get new versions)
        Storage is configured as for the server (appsettings.json, Storage__Provider, --Storage:ConnectionString=...).
        """;

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        if (!TryParse(args.AsSpan(1), out var path, out var type, out var chunk, out var errors, out var again, out var rest))
        {
            await output.WriteLineAsync(Usage);
            return args.Contains("--help") ? 0 : 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(rest)
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(SearchParameterRegistry.Default)
            .AddSingleton<SearchIndexer>()
            .AddSingleton<ImportJobs>()
            .AddSingleton<NdjsonImporter>();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddResourceStore();
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ImportOptions>>().Value;
        var store = provider.GetRequiredService<IResourceStore>();
        var jobs = provider.GetRequiredService<ImportJobs>();
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var owner = $"cli-{Environment.ProcessId}-{Guid.NewGuid():N}";
        ImportJob? job = null;
        try
        {
            await store.InitializeAsync(ct);
            var full = Path.GetFullPath(path);
            var files = ImportSource.Files(full, type, full, Directory.Exists(full) ? full : Path.GetDirectoryName(full)!);
            if (files.Count == 0)
            {
                await output.WriteLineAsync($"No NDJSON files to import in {full}.");
                return 1;
            }

            var source = $"file:{full}|{type}";
            job = await jobs.LatestForSourceAsync(source, ct);
            if (job is { Status: ImportJobStatus.Completed } && !again)
            {
                await output.WriteLineAsync(
                    $"{full} was imported by job {job.Id} at {job.Updated:u} ({job.State.LoadedTotal:N0} resources); --again imports it again as new versions.");
                return 0;
            }

            if (job is null || job.IsFinished)
            {
                job = await jobs.CreateAsync(source, new ImportJobState { Files = files.ToList() }, owner, lease, ct);
            }
            else
            {
                await output.WriteLineAsync($"Resuming job {job.Id} at {job.State.LoadedTotal:N0} resources loaded.");
                await ClaimAsync(jobs, job.Id, owner, lease, output, ct);
            }

            job = await jobs.GetAsync(job.Id, ct) ?? job;
            var settings = new ImportSettings(chunk ?? options.ChunkSize, lease, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var reported = TimeSpan.Zero;
            var done = await provider.GetRequiredService<NdjsonImporter>().RunAsync(job, owner, settings, state =>
            {
                if (clock.Elapsed - reported >= TimeSpan.FromSeconds(1))
                {
                    reported = clock.Elapsed;
                    output.WriteLine(Progress(state, clock.Elapsed));
                }
            }, ct);
            return await SummaryAsync(jobs, done, errors, clock.Elapsed, output, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && job is not null)
        {
            await jobs.ReleaseAsync(job.Id, owner, CancellationToken.None);
            await output.WriteLineAsync($"Interrupted; run the same command again to resume job {job.Id}.");
            return 1;
        }
        catch (Exception e) when (e is Leodis.Fhir.FhirException or IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
        {
            await output.WriteLineAsync($"Import failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>Takes the job; when a killed run still holds its lease, waits for the lease to run out.</summary>
    private static async Task ClaimAsync(ImportJobs jobs, string id, string owner, TimeSpan lease, TextWriter output, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!await jobs.TryClaimAsync(id, owner, lease, ct))
        {
            if (waited.Elapsed > lease + TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"Job {id} is being run by another process.");
            }

            if (waited.Elapsed < TimeSpan.FromSeconds(1))
            {
                await output.WriteLineAsync($"Job {id} is held by an earlier run; waiting up to {lease.TotalSeconds:F0} s for its lease to run out.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static async Task<int> SummaryAsync(ImportJobs jobs, ImportJob done, string? errors, TimeSpan elapsed, TextWriter output, CancellationToken ct)
    {
        var state = done.State;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Job {done.Id} {done.Status}: {state.LoadedTotal:N0} resources in {elapsed.TotalSeconds:F1} s " +
            $"({state.LoadedTotal / Math.Max(0.001, elapsed.TotalSeconds):F0}/s), {state.Errors:N0} lines refused."));
        foreach (var (type, count) in state.Loaded.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {type,-28} {count,10:N0}"));
        }

        if (state.Errors > 0)
        {
            await using var report = errors is null ? null : new StreamWriter(errors);
            var shown = 0;
            await foreach (var outcome in jobs.ErrorsAsync(done.Id, ct))
            {
                if (report is not null)
                {
                    await report.WriteLineAsync(outcome);
                }
                else if (shown++ < 20)
                {
                    var parsed = (Hl7.Fhir.Model.OperationOutcome)Leodis.Fhir.FhirFormat.ParseStored(outcome);
                    await output.WriteLineAsync("  " + parsed.Issue.FirstOrDefault()?.Diagnostics);
                }
            }

            await output.WriteLineAsync(errors is null ? "(--errors FILE writes the whole report)" : $"Error report: {errors}");
        }

        return done.Status == ImportJobStatus.Completed ? 0 : 1;
    }

    private static string Progress(ImportJobState state, TimeSpan elapsed)
    {
        var (done, total) = state.Bytes;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{(total == 0 ? 100 : done * 100 / total),3}%  {state.LoadedTotal,10:N0} resources  {state.Errors:N0} refused  {elapsed.TotalSeconds:F0} s");
    }

    private static bool TryParse(
        ReadOnlySpan<string> args, out string path, out string? type, out int? chunk, out string? errors, out bool again, out string[] rest)
    {
        (path, type, chunk, errors, again) = (string.Empty, null, null, null, false);
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var hasValue = i + 1 < args.Length;
            switch (arg)
            {
                case "--help" or "-h":
                    rest = [];
                    return false;
                case "--again":
                    again = true;
                    break;
                case "--type" when hasValue:
                    type = args[++i];
                    break;
                case "--errors" when hasValue:
                    errors = args[++i];
                    break;
                case "--chunk" when hasValue && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 50_000:
                    chunk = n;
                    i++;
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal) && option.Contains(':', StringComparison.Ordinal):
                    others.Add(option);
                    if (!option.Contains('=', StringComparison.Ordinal) && hasValue)
                    {
                        others.Add(args[++i]);
                    }

                    break;
                case var value when !value.StartsWith('-') && path.Length == 0:
                    path = value;
                    break;
                default:
                    rest = [];
                    return false;
            }
        }

        rest = [.. others];
        return path.Length > 0 && (type is null || Leodis.Fhir.Rest.Interaction.IsResourceType(type));
    }
}
