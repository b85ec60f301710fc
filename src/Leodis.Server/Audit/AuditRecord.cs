namespace Leodis.Server.Audit;

/// <summary>
/// One audited request before it is appended: the AuditEvent's JSON (<paramref name="Body"/>, without an id: its id is
/// the sequence number the trail gives it) and the fields the trail indexes. <paramref name="Patients"/> are ids,
/// distinct and in ordinal order.
/// </summary>
public sealed record AuditRecord(
    DateTimeOffset Recorded,
    string User,
    string Action,
    int Outcome,
    IReadOnlyList<string> Patients,
    string Body)
{
    /// <summary>The patients as the audit_events row keeps them: ids separated by spaces (ids never hold one).</summary>
    public string PatientIds => string.Join(' ', Patients);
}

/// <summary>An appended record: its place in the chain and the hashes that bind it there.</summary>
public sealed record AuditEntry(long Seq, AuditRecord Record, string PreviousHash, string Hash);
