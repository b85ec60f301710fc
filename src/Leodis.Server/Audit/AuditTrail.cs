using System.Globalization;
using System.Threading.Channels;
using Leodis.Fhir.Storage;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Audit;

/// <summary>
/// The append-only audit trail. Records from concurrent requests queue for one writer, which appends whatever has
/// queued as one transaction (group commit), numbering and hashing the records in order so the trail stays a single
/// chain; <see cref="AppendAsync(AuditRecord, CancellationToken)"/> returns once its record is durable.
/// The writer keeps the chain's head (last sequence number and hash) in memory instead of reading it for every batch.
/// Another process on the same store may have appended since: then the first sequence number is taken (the primary
/// key refuses the row), and the writer tries once more, reading the head under the store's append lock, which every
/// writer holds while it inserts (<see cref="AuditRows.LockAsync"/>). So each row is written by a writer that knew the
/// committed row before it, and the chain cannot fork.
/// </summary>
public sealed partial class AuditTrail : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly IResourceStore store;
    private readonly ILogger<AuditTrail> logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task? writer;

    // The last row this process committed or read; null until read, and after any failure, whose outcome is unknown.
    private ChainHead? head;

    public AuditTrail(IResourceStore store, IOptions<AuditOptions> options, ILogger<AuditTrail> logger)
    {
        this.store = store;
        this.logger = logger;
        Enabled = options.Value.Enabled;
        writer = Enabled ? Task.Run(WriteAsync) : null;
    }

    /// <summary>False only when the benchmark switch Audit:Enabled is off.</summary>
    public bool Enabled { get; }

    public IResourceStore Store => store;

    /// <summary>Appends one record; returns its sequence number once it is committed. Cancelling stops only the wait.</summary>
    public async Task<long> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        var pending = new Pending(record, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The audit trail is closed.");
        }

        return await pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>Appends records in one transaction, after the last row in the store, and returns them as written.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            ChainHead? after = null;
            try
            {
                after = head;
                var retrying = after is null || attempt > 1;
                var oneTrip = !retrying && AuditRows.CommitsItself(store);
                await using var session = await store.BeginAsync(write: !oneTrip, ct);
                if (retrying)
                {
                    // Holding the append lock, no other writer can move the head before this batch commits.
                    await AuditRows.LockAsync(store, session, ct);
                    after = await ReadHeadAsync(session, ct);
                }

                var entries = Chain(after, records);
                foreach (var query in AuditRows.For(store, entries))
                {
                    await session.ExecuteAsync(query, ct);
                }

                if (!oneTrip)
                {
                    await session.CommitAsync(ct);
                }

                head = new ChainHead(entries[^1].Seq, entries[^1].Hash);
                return entries;
            }
            catch (Exception e) when (AuditRows.IsTaken(e) && attempt == 1)
            {
                head = null;
                LogHeadMoved(logger, after?.Seq ?? 0);
            }
            catch
            {
                head = null;
                throw;
            }
        }
    }

    /// <summary>Numbers and hashes the records after <paramref name="after"/> (null: the trail is empty).</summary>
    private static List<AuditEntry> Chain(ChainHead? after, IReadOnlyList<AuditRecord> records)
    {
        var seq = after?.Seq ?? 0;
        var previous = after?.Hash ?? AuditChain.Genesis;
        var entries = new List<AuditEntry>(records.Count);
        foreach (var record in records)
        {
            seq++;
            var hash = AuditChain.Hash(previous, seq, record);
            entries.Add(new AuditEntry(seq, record, previous, hash));
            previous = hash;
        }

        return entries;
    }

    private static async Task<ChainHead?> ReadHeadAsync(IStoreSession session, CancellationToken ct)
    {
        var rows = await session.RowsAsync(new SqlQuery("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1", []), ct);
        return rows.Count == 0 ? null : new ChainHead(Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture), (string)rows[0][1]!);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer is not null)
        {
            await writer;
        }
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                var entries = await AppendAsync(batch.ConvertAll(p => p.Record), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(entries[i].Seq);
                }
            }
            catch (Exception e)
            {
                LogAppendFailed(logger, e, batch.Count);
                batch.ForEach(p => p.Done.TrySetException(e));
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not append {Count} audit records; their requests are refused")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit record {Seq} already has a successor written by another process; reading the chain head again under the append lock")]
    private static partial void LogHeadMoved(ILogger logger, long seq);

    /// <summary>The last row of the chain as this process knows it.</summary>
    private sealed record ChainHead(long Seq, string Hash);

    private sealed record Pending(AuditRecord Record, TaskCompletionSource<long> Done);
}
