using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Audit;

/// <summary>
/// The append-only audit trail. Records from concurrent requests queue for one writer, which appends whatever has
/// queued as one transaction (group commit), numbering and hashing the records in order so the trail stays a single
/// chain; <see cref="AppendAsync"/> returns once its record is durable. Other processes on the same store take turns
/// through the store's own write lock (an advisory lock on PostgreSQL, the write transaction on SQLite).
/// </summary>
public sealed partial class AuditTrail : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const int MaxPatientRowsPerStatement = 4000;
    private const long AppendLock = 7204202612;

    private readonly IResourceStore store;
    private readonly ILogger<AuditTrail> logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task? writer;

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
        await using var session = await store.BeginAsync(write: true, ct);
        if (store is PostgresResourceStore)
        {
            await session.ExecuteAsync(new SqlQuery($"SELECT pg_advisory_xact_lock({AppendLock})", []), ct);
        }

        var last = await session.RowsAsync(new SqlQuery("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1", []), ct);
        var seq = last.Count == 0 ? 0 : Convert.ToInt64(last[0][0], CultureInfo.InvariantCulture);
        var previous = last.Count == 0 ? AuditChain.Genesis : (string)last[0][1]!;
        var entries = new List<AuditEntry>(records.Count);
        foreach (var record in records)
        {
            seq++;
            var hash = AuditChain.Hash(previous, seq, record);
            entries.Add(new AuditEntry(seq, record, previous, hash));
            previous = hash;
        }

        await session.ExecuteAsync(EventRows(entries), ct);
        foreach (var rows in entries.SelectMany(e => e.Record.Patients.Select(p => (e.Seq, Patient: p))).Chunk(MaxPatientRowsPerStatement))
        {
            await session.ExecuteAsync(PatientRows(rows), ct);
        }

        await session.CommitAsync(ct);
        return entries;
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

    private static SqlQuery EventRows(List<AuditEntry> entries)
    {
        var p = new SqlParameters();
        var sql = new StringBuilder("INSERT INTO audit_events (seq, recorded, user_name, action, outcome, patient_ids, body, prev_hash, hash) VALUES ");
        foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
        {
            var r = entry.Record;
            sql.Append(i == 0 ? "(" : ",(")
                .Append(p.Add(entry.Seq)).Append(',').Append(p.Add(r.Recorded.UtcTicks)).Append(',').Append(p.Add(r.User)).Append(',')
                .Append(p.Add(r.Action)).Append(',').Append(p.Add(r.Outcome)).Append(',').Append(p.Add(r.PatientIds)).Append(',')
                .Append(p.Add(r.Body)).Append(',').Append(p.Add(entry.PreviousHash)).Append(',').Append(p.Add(entry.Hash)).Append(')');
        }

        return new SqlQuery(sql.ToString(), p.Values);
    }

    private static SqlQuery PatientRows((long Seq, string Patient)[] rows)
    {
        var p = new SqlParameters();
        var sql = new StringBuilder("INSERT INTO audit_patients (patient_id, seq) VALUES ");
        for (var i = 0; i < rows.Length; i++)
        {
            sql.Append(i == 0 ? "(" : ",(").Append(p.Add(rows[i].Patient)).Append(',').Append(p.Add(rows[i].Seq)).Append(')');
        }

        return new SqlQuery(sql.ToString(), p.Values);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not append {Count} audit records; their requests are refused")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count);

    private sealed record Pending(AuditRecord Record, TaskCompletionSource<long> Done);
}
