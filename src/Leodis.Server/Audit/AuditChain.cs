using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Leodis.Fhir.Storage;

namespace Leodis.Server.Audit;

/// <summary>
/// The audit trail's hash chain: each row's hash is SHA-256 over the previous row's hash and the row's own fields, so
/// changing, removing or inserting a row breaks every hash after it. <see cref="VerifyAsync"/> walks the chain.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    private const int PageSize = 5000;

    public static string Hash(string previousHash, long seq, AuditRecord record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, previousHash);
        Append(hash, seq.ToString(CultureInfo.InvariantCulture));
        Append(hash, record.Recorded.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(hash, record.User);
        Append(hash, record.Action);
        Append(hash, record.Outcome.ToString(CultureInfo.InvariantCulture));
        Append(hash, record.PatientIds);
        Append(hash, record.Body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Walks every row in order: numbers without gaps from 1, each previous hash equal to the row before's hash, each hash
    /// equal to the one recomputed from the row, and the patient index equal to each row's patients.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(IResourceStore store, CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: false, ct);
        var expectedSeq = 1L;
        var previous = Genesis;
        while (true)
        {
            var rows = await session.RowsAsync(new SqlQuery(
                "SELECT seq, recorded, user_name, action, outcome, patient_ids, body, prev_hash, hash FROM audit_events " +
                "WHERE seq >= @from ORDER BY seq LIMIT @limit", [new("from", expectedSeq), new("limit", PageSize)]), ct);
            if (rows.Count == 0)
            {
                break;
            }

            var last = Convert.ToInt64(rows[^1][0], CultureInfo.InvariantCulture);
            var indexed = await PatientIndexAsync(session, expectedSeq, last, ct);
            foreach (var row in rows)
            {
                var entry = Read(row);
                var problem = entry.Seq != expectedSeq ? $"row {expectedSeq} is missing"
                    : entry.PreviousHash != previous ? "its previous hash is not the hash of the row before"
                    : AuditChain.Hash(previous, entry.Seq, entry.Record) != entry.Hash ? "its content does not match its hash"
                    : (indexed.GetValueOrDefault(entry.Seq) ?? string.Empty) != entry.Record.PatientIds ? "the patient index does not match the row"
                    : null;
                if (problem is not null)
                {
                    return new AuditVerification(false, expectedSeq - 1, expectedSeq, problem, previous);
                }

                previous = entry.Hash;
                expectedSeq++;
            }
        }

        var stray = Convert.ToInt64(await session.ScalarAsync(new SqlQuery(
            "SELECT count(*) FROM audit_patients WHERE seq >= @from", [new("from", expectedSeq)]), ct), CultureInfo.InvariantCulture);
        return stray > 0
            ? new AuditVerification(false, expectedSeq - 1, expectedSeq, "the patient index names rows that do not exist", previous)
            : new AuditVerification(true, expectedSeq - 1, null, null, previous);
    }

    public static AuditEntry Read(object?[] row) => new(
        Convert.ToInt64(row[0], CultureInfo.InvariantCulture),
        new AuditRecord(
            new DateTimeOffset(Convert.ToInt64(row[1], CultureInfo.InvariantCulture), TimeSpan.Zero),
            (string)row[2]!,
            (string)row[3]!,
            Convert.ToInt32(row[4], CultureInfo.InvariantCulture),
            ((string)row[5]!).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            (string)row[6]!),
        (string)row[7]!,
        (string)row[8]!);

    private static async Task<Dictionary<long, string>> PatientIndexAsync(IStoreSession session, long from, long to, CancellationToken ct)
    {
        var rows = await session.RowsAsync(new SqlQuery(
            "SELECT seq, patient_id FROM audit_patients WHERE seq >= @from AND seq <= @to ORDER BY seq, patient_id",
            [new("from", from), new("to", to)]), ct);
        return rows.GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => string.Join(' ', g.Select(r => (string)r[1]!).Order(StringComparer.Ordinal)));
    }

    /// <summary>Each field with its length first, so no two different rows hash the same text.</summary>
    private static void Append(IncrementalHash hash, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(field);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}

/// <summary>
/// The result of walking the chain: intact, or the first row (<see cref="BrokenAt"/>) that is missing or fails, and why.
/// <see cref="Count"/> is the number of rows that verified; <see cref="LastHash"/> the hash of the last of them, which an
/// operator may keep elsewhere to detect a trail cut short.
/// </summary>
public sealed record AuditVerification(bool Intact, long Count, long? BrokenAt, string? Problem, string LastHash);
