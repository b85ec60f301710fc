using System.Data.Common;
using Leodis.Fhir.Search;

namespace Leodis.Fhir.Storage;

/// <summary>
/// What differs between the SQL stores: locking syntax, how instants are kept, how a duplicate key is reported, and
/// how a version with its history and index rows is written (PostgreSQL's; SQLite's write sessions carry
/// <see cref="Sqlite.SqliteStatements"/> instead), and the statement that takes a named lock for the rest of a
/// transaction, with the key's 32-bit hash as its one parameter (none on SQLite, whose writers already take turns).
/// </summary>
internal sealed record SqlDialect(
    string ForUpdate,
    Func<DateTimeOffset, object> ToDbInstant,
    Func<DbDataReader, int, DateTimeOffset> ReadInstant,
    Func<DbException, bool> IsUniqueViolation,
    IVersionWriter? Writer,
    string? KeyLock = null);

/// <summary>How a store writes versions outside SQLite's compiled statements.</summary>
internal interface IVersionWriter
{
    /// <summary>
    /// Writes <paramref name="resource"/> as the current row (new when <paramref name="previousVersion"/> is 0, else only
    /// over that version), its history row and its index rows (none when null). Returns its rid, or null when the id
    /// was taken or the version moved on, and then nothing is written.
    /// </summary>
    Task<long?> WriteAsync(
        DbConnection connection, DbTransaction? transaction, StoredResource resource, long previousVersion, ResourceIndex? index, CancellationToken ct);

    /// <summary>Replaces the index rows of the version with this rid.</summary>
    Task ReplaceIndexAsync(DbConnection connection, DbTransaction? transaction, long rid, ResourceIndex index, CancellationToken ct);
}
