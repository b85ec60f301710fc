using System.Globalization;
using System.Threading.Channels;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Import;

/// <summary>
/// Runs an import job: streams its NDJSON files from the job's cursor, parses and indexes lines in parallel ahead of one
/// writer, and writes chunks, each in one transaction together with the job's new cursor and its refused lines. A job
/// stopped at any point (kill, crash, cancel) has loaded whole chunks only and resumes after the last one. Resources
/// keep their ids: a line is an update (PUT), creating the next version when the resource exists.
/// </summary>
public sealed class NdjsonImporter(IResourceStore store, SearchIndexer indexer, ImportJobs jobs)
{
    private const int LinesPerBlock = 64;
    private const int MaxChunkAttempts = 5;

    /// <summary>Runs the job, which <paramref name="owner"/> has claimed, to its end; returns it as it finished.</summary>
    public async Task<ImportJob> RunAsync(ImportJob job, string owner, ImportSettings settings, Action<ImportJobState>? progress, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lease = RenewLeaseAsync(job.Id, owner, settings.Lease, stop);
        var state = job.State;
        try
        {
            state = await LoadAsync(job.Id, owner, state, settings, progress, stop.Token);
            // When this fails the job was cancelled at its very end; the store says so either way.
            await jobs.FinishAsync(job.Id, owner, ImportJobStatus.Completed, state, CancellationToken.None);
            return (await jobs.GetAsync(job.Id, CancellationToken.None))!;
        }
        catch (ImportStoppedException)
        {
            return (await jobs.GetAsync(job.Id, CancellationToken.None))!;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The lease was lost: someone cancelled the job or took it over.
            return (await jobs.GetAsync(job.Id, CancellationToken.None))!;
        }
        finally
        {
            await stop.CancelAsync();
            await lease;
        }
    }

    private async Task<ImportJobState> LoadAsync(
        string id, string owner, ImportJobState state, ImportSettings settings, Action<ImportJobState>? progress, CancellationToken ct)
    {
        // Room for a whole chunk to be prepared while the one before it is written.
        var blocks = Channel.CreateBounded<Task<ImportLine[]>>(new BoundedChannelOptions((settings.ChunkSize / LinesPerBlock) + Environment.ProcessorCount + 1)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = ReadAsync(state, settings.Clock, blocks.Writer, stopReading.Token);
        var chunk = new List<ImportLine>(settings.ChunkSize);
        var keys = new HashSet<(string, string)>();
        try
        {
            await foreach (var block in blocks.Reader.ReadAllAsync(ct))
            {
                foreach (var line in await block)
                {
                    if (line.Stored is { } stored && !keys.Add((stored.ResourceType, stored.Id)))
                    {
                        // The same resource twice in one chunk: the second is the next version, so it starts the next chunk.
                        state = await WriteChunkAsync(id, owner, state, chunk, settings, ct);
                        progress?.Invoke(state);
                        chunk.Clear();
                        keys.Clear();
                        keys.Add((stored.ResourceType, stored.Id));
                    }

                    chunk.Add(line);
                    if (chunk.Count >= settings.ChunkSize)
                    {
                        state = await WriteChunkAsync(id, owner, state, chunk, settings, ct);
                        progress?.Invoke(state);
                        chunk.Clear();
                        keys.Clear();
                    }
                }
            }

            if (chunk.Count > 0)
            {
                state = await WriteChunkAsync(id, owner, state, chunk, settings, ct);
                progress?.Invoke(state);
            }

            await reading;
            return state with { FileIndex = state.Files.Count, Offset = 0, Line = 0 };
        }
        finally
        {
            // The reader may be waiting for room in the channel; it ends on its own token (it never throws).
            await stopReading.CancelAsync();
            await reading;
        }
    }

    /// <summary>Reads lines from the cursor into blocks and starts each block's preparation on the thread pool, in order.</summary>
    private async Task ReadAsync(ImportJobState state, TimeProvider clock, ChannelWriter<Task<ImportLine[]>> blocks, CancellationToken ct)
    {
        try
        {
            for (var f = state.FileIndex; f < state.Files.Count; f++)
            {
                var file = state.Files[f];
                var (offset, number) = f == state.FileIndex ? (state.Offset, state.Line) : (0L, 0L);
                var block = new List<NdjsonLine>(LinesPerBlock);
                await foreach (var line in NdjsonLines.ReadAsync(file.Path, offset, number, ct))
                {
                    block.Add(line);
                    if (block.Count == LinesPerBlock)
                    {
                        await blocks.WriteAsync(Prepare(f, file, block, clock, ct), ct);
                        block = new List<NdjsonLine>(LinesPerBlock);
                    }
                }

                if (block.Count > 0)
                {
                    await blocks.WriteAsync(Prepare(f, file, block, clock, ct), ct);
                }
            }

            blocks.Complete();
        }
        catch (Exception e)
        {
            blocks.Complete(e);
        }
    }

    private Task<ImportLine[]> Prepare(int fileIndex, ImportFile file, List<NdjsonLine> lines, TimeProvider clock, CancellationToken ct) =>
        Task.Run(
            () =>
            {
                var now = clock.GetUtcNow();
                now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
                return lines.Select(line => Prepare(fileIndex, file, line, now)).ToArray();
            },
            ct);

    private ImportLine Prepare(int fileIndex, ImportFile file, NdjsonLine line, DateTimeOffset now)
    {
        var prepared = new ImportLine(fileIndex, line.Number, line.End);
        Resource resource;
        try
        {
            resource = FhirFormat.ParseJson(line.Text);
        }
        catch (FhirException e)
        {
            return prepared with { Error = ImportOutcomes.ForLine(file.Name, line.Number, e.Outcome) };
        }

        var problem = resource switch
        {
            Bundle bundle when bundle.Entry.Any(e => e.Annotation<EntryError>() is not null) =>
                bundle.Entry.Select(e => e.Annotation<EntryError>()).First(e => e is not null)!.Error.Outcome,
            _ when file.Type is { } type && resource.TypeName != type =>
                ImportOutcomes.Problem($"The line is a {resource.TypeName}, but this input is for {type}.", "resourceType"),
            { Id: null } => ImportOutcomes.Problem("A resource in an import needs an id: it keeps it, as an update would.", $"{resource.TypeName}.id", OperationOutcome.IssueType.Required),
            _ when !Interaction.IsValidId(resource.Id) => ImportOutcomes.Problem($"'{resource.Id}' is not a valid resource id.", $"{resource.TypeName}.id"),
            _ => null,
        };
        if (problem is not null)
        {
            return prepared with { Error = ImportOutcomes.ForLine(file.Name, line.Number, problem) };
        }

        resource.Meta ??= new Meta();
        resource.Meta.VersionId = "1";
        resource.Meta.LastUpdated = now;
        var stored = new StoredResource(resource.TypeName, resource.Id!, 1, now, IsDeleted: false, FhirFormat.ToJson(resource), "PUT");
        return prepared with { Resource = resource, Stored = stored, Index = indexer.Index(resource) };
    }

    private async Task<ImportJobState> WriteChunkAsync(
        string id, string owner, ImportJobState state, List<ImportLine> chunk, ImportSettings settings, CancellationToken ct)
    {
        var last = chunk[^1];
        var loaded = new Dictionary<string, long>(state.Loaded, StringComparer.Ordinal);
        foreach (var line in chunk.Where(l => l.Stored is not null))
        {
            loaded[line.Stored!.ResourceType] = loaded.GetValueOrDefault(line.Stored.ResourceType) + 1;
        }

        var next = state with
        {
            FileIndex = last.FileIndex,
            Offset = last.End,
            Line = last.Line,
            Loaded = loaded,
            Errors = state.Errors + chunk.Count(l => l.Error is not null),
        };
        var resources = chunk.Where(l => l.Stored is not null).ToList();
        var keys = resources.Select(l => (l.Stored!.ResourceType, l.Stored.Id)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await store.BeginAsync(write: true, ct);
                if (!await jobs.SaveProgressAsync(session, id, owner, next, settings.Lease, ct))
                {
                    throw new ImportStoppedException();
                }

                var current = await session.ReadManyForUpdateAsync(keys, ct);
                await session.WriteManyAsync(resources.Select(l => NextVersion(l, current.GetValueOrDefault((l.Stored!.ResourceType, l.Stored.Id)))).ToList(), ct);
                foreach (var error in chunk.Where(l => l.Error is not null))
                {
                    await ImportJobs.AddErrorAsync(session, id, error.FileIndex, error.Line, FhirFormat.ToJson(error.Error!), ct);
                }

                await session.CommitAsync(ct);
                return next;
            }
            catch (ConcurrentWriteException) when (attempt < MaxChunkAttempts)
            {
                // Another writer created or changed one of these resources meanwhile; read the versions again.
            }
        }
    }

    /// <summary>The line's version as it goes to the store: version 1 as prepared, or the next after the current one.</summary>
    private static VersionWrite NextVersion(ImportLine line, StoredResource? current)
    {
        var stored = line.Stored!;
        if (current is null)
        {
            return new VersionWrite(stored, 0, line.Index);
        }

        var version = current.VersionId + 1;
        if (stored.LastUpdated > current.LastUpdated)
        {
            // The top-level meta comes first in FHIR JSON (after id), so the first versionId is the resource's own.
            var json = ReplaceFirst(stored.Json!, "\"versionId\":\"1\"", $"\"versionId\":\"{version.ToString(CultureInfo.InvariantCulture)}\"");
            return new VersionWrite(stored with { VersionId = version, Json = json }, current.VersionId, line.Index);
        }

        var resource = line.Resource!;
        var lastUpdated = current.LastUpdated.AddMilliseconds(1);
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = lastUpdated;
        return new VersionWrite(stored with { VersionId = version, LastUpdated = lastUpdated, Json = FhirFormat.ToJson(resource) }, current.VersionId, line.Index);
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException("Prepared JSON without its versionId.") : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    /// <summary>Keeps the lease alive while the job runs; when it cannot (the job was cancelled or taken over), stops the run.</summary>
    private async Task RenewLeaseAsync(string id, string owner, TimeSpan lease, CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                bool renewed;
                try
                {
                    renewed = await jobs.RenewAsync(id, owner, lease, stop.Token);
                }
                catch (System.Data.Common.DbException)
                {
                    // The store is unreachable for now; the chunk writes will fail too, or the next renewal succeed.
                    continue;
                }

                if (!renewed)
                {
                    await stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private sealed class ImportStoppedException : Exception;
}

/// <summary>How an import runs: resources per chunk (one transaction each), and the lease its owner holds and renews.</summary>
public sealed record ImportSettings(int ChunkSize, TimeSpan Lease, TimeProvider Clock);
