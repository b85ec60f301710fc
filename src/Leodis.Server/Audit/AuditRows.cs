using System.Text;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;
using Leodis.Fhir.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Leodis.Server.Audit;

/// <summary>
/// The INSERT statements that append a batch of chained entries to audit_events and audit_patients, in the shape each
/// store runs fastest, and how each store says that a sequence number is already taken.
/// </summary>
public static class AuditRows
{
    private const int MaxPatientRowsPerStatement = 4000;
    private const string PostgresLock = "SELECT pg_advisory_xact_lock(7204202612)";

    // One statement text whatever the batch size, so PostgreSQL plans it once (auto-prepare); unnest of empty arrays
    // inserts nothing, so a batch without patients needs no second shape. Run outside a transaction, the lock and both
    // INSERTs are one implicit transaction (Npgsql sends them with one Sync), committed and flushed before the answer.
    private const string PostgresInsert = PostgresLock + """
        ;
        INSERT INTO audit_events (seq, recorded, user_name, action, outcome, patient_ids, body, prev_hash, hash)
        SELECT * FROM unnest(@seq::bigint[], @recorded::bigint[], @user::text[], @action::text[], @outcome::integer[],
            @patients::text[], @body::text[], @prev::text[], @hash::text[]);
        INSERT INTO audit_patients (patient_id, seq) SELECT * FROM unnest(@patient::text[], @patient_seq::bigint[])
        """;

    /// <summary>
    /// Takes the store's append lock for the rest of the write session: PostgreSQL's advisory lock, which every writer
    /// takes with its INSERTs; SQLite's write transaction is exclusive already. Under it the head read is the head.
    /// </summary>
    public static async Task LockAsync(IResourceStore store, IStoreSession session, CancellationToken ct)
    {
        if (store is PostgresResourceStore)
        {
            await session.ExecuteAsync(new SqlQuery(PostgresLock, []), ct);
        }
    }

    /// <summary>
    /// True when the statements of <see cref="For"/> commit by themselves when run outside a transaction, so a batch
    /// costs one round trip: PostgreSQL's, as one implicit transaction. SQLite's need a write session's commit.
    /// </summary>
    public static bool CommitsItself(IResourceStore store) => store is PostgresResourceStore;

    public static IEnumerable<SqlQuery> For(IResourceStore store, IReadOnlyList<AuditEntry> entries) =>
        store is PostgresResourceStore ? [Postgres(entries)] : Sqlite(entries);

    /// <summary>True when the append failed because a row with one of its sequence numbers exists: another writer got there first.</summary>
    public static bool IsTaken(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteErrorCode: 19 };

    private static SqlQuery Postgres(IReadOnlyList<AuditEntry> entries)
    {
        var patients = entries.SelectMany(e => e.Record.Patients.Select(p => (e.Seq, Patient: p))).ToList();
        return new SqlQuery(PostgresInsert,
        [
            new("seq", entries.Select(e => e.Seq).ToArray()),
            new("recorded", entries.Select(e => e.Record.Recorded.UtcTicks).ToArray()),
            new("user", entries.Select(e => e.Record.User).ToArray()),
            new("action", entries.Select(e => e.Record.Action).ToArray()),
            new("outcome", entries.Select(e => e.Record.Outcome).ToArray()),
            new("patients", entries.Select(e => e.Record.PatientIds).ToArray()),
            new("body", entries.Select(e => e.Record.Body).ToArray()),
            new("prev", entries.Select(e => e.PreviousHash).ToArray()),
            new("hash", entries.Select(e => e.Hash).ToArray()),
            new("patient", patients.Select(p => p.Patient).ToArray()),
            new("patient_seq", patients.Select(p => p.Seq).ToArray()),
        ]);
    }

    // SQLite compiles a statement in microseconds and runs in process, so a multi-row INSERT per batch costs little
    // next to the commit's flush.
    private static IEnumerable<SqlQuery> Sqlite(IReadOnlyList<AuditEntry> entries)
    {
        var p = new SqlParameters();
        var sql = new StringBuilder("INSERT INTO audit_events (seq, recorded, user_name, action, outcome, patient_ids, body, prev_hash, hash) VALUES ");
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, r) = (entries[i], entries[i].Record);
            sql.Append(i == 0 ? "(" : ",(")
                .Append(p.Add(entry.Seq)).Append(',').Append(p.Add(r.Recorded.UtcTicks)).Append(',').Append(p.Add(r.User)).Append(',')
                .Append(p.Add(r.Action)).Append(',').Append(p.Add(r.Outcome)).Append(',').Append(p.Add(r.PatientIds)).Append(',')
                .Append(p.Add(r.Body)).Append(',').Append(p.Add(entry.PreviousHash)).Append(',').Append(p.Add(entry.Hash)).Append(')');
        }

        yield return new SqlQuery(sql.ToString(), p.Values);
        foreach (var rows in entries.SelectMany(e => e.Record.Patients.Select(patient => (e.Seq, Patient: patient))).Chunk(MaxPatientRowsPerStatement))
        {
            var q = new SqlParameters();
            var text = new StringBuilder("INSERT INTO audit_patients (patient_id, seq) VALUES ");
            for (var i = 0; i < rows.Length; i++)
            {
                text.Append(i == 0 ? "(" : ",(").Append(q.Add(rows[i].Patient)).Append(',').Append(q.Add(rows[i].Seq)).Append(')');
            }

            yield return new SqlQuery(text.ToString(), q.Values);
        }
    }
}
