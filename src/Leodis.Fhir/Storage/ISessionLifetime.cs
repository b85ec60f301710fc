namespace Leodis.Fhir.Storage;

/// <summary>How a session that shares its connection and transaction with others commits and ends (SQLite's group commit).</summary>
internal interface ISessionLifetime
{
    /// <summary>Returns once the session's writes are durable.</summary>
    Task CommitAsync(CancellationToken ct);

    /// <summary>Undoes the session's writes if it did not commit, and lets the next session go.</summary>
    ValueTask EndAsync();
}
