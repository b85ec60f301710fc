using System.Collections.Concurrent;
using System.Diagnostics;
using Leodis.Fhir.Import;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Import;

/// <summary>
/// Runs import jobs in the background, one at a time, oldest first: new ones from $import, and at start the ones a
/// stopped or killed server left running (once their lease has run out). Cancelling stops a running job at once.
/// </summary>
public sealed class ImportService(ImportJobs jobs, NdjsonImporter importer, IOptions<ImportOptions> options, ILogger<ImportService> logger)
    : BackgroundService
{
    /// <summary>The source of jobs started through $import; the import command's jobs are its own to run.</summary>
    public const string SourcePrefix = "api:";

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    private readonly string owner = $"server-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly SemaphoreSlim wake = new(0);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);

    /// <summary>A job was queued: look now rather than at the next poll.</summary>
    public void Wake() => wake.Release();

    /// <summary>Stops the job if this server is running it (its status is already cancelled in the store).</summary>
    public void Stop(string id)
    {
        if (running.TryGetValue(id, out var cancel))
        {
            cancel.Cancel();
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new ImportSettings(options.Value.ChunkSize, TimeSpan.FromSeconds(options.Value.LeaseSeconds), jobs.Clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            string? id = null;
            try
            {
                id = await jobs.NextRunnableAsync(SourcePrefix, stoppingToken);
                if (id is not null && await jobs.TryClaimAsync(id, owner, settings.Lease, stoppingToken))
                {
                    await RunAsync(id, settings, stoppingToken);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ImportLog.PollFailed(logger, e);
            }

            try
            {
                await wake.WaitAsync(id is null ? Poll : TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(string id, ImportSettings settings, CancellationToken stoppingToken)
    {
        var job = await jobs.GetAsync(id, stoppingToken);
        if (job is null)
        {
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        running[id] = cancel;
        var clock = Stopwatch.StartNew();
        ImportLog.Started(logger, id, job.State.Files.Count, job.State.FileIndex);
        try
        {
            var done = await importer.RunAsync(job, owner, settings, null, cancel.Token);
            ImportLog.Finished(logger, id, done.Status, done.State.LoadedTotal, done.State.Errors, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await jobs.ReleaseAsync(id, owner, CancellationToken.None);
            ImportLog.Stopped(logger, id);
            throw;
        }
        catch (OperationCanceledException)
        {
            // Cancelled through DELETE: the status already says so.
            ImportLog.Finished(logger, id, ImportJobStatus.Cancelled, 0, 0, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            ImportLog.Failed(logger, id, e);
            var latest = await jobs.GetAsync(id, CancellationToken.None) ?? job;
            await jobs.FinishAsync(
                id, owner, ImportJobStatus.Failed, latest.State with { Message = "The import stopped on an unexpected error; see the server log." }, CancellationToken.None);
        }
        finally
        {
            running.TryRemove(id, out _);
        }
    }
}
