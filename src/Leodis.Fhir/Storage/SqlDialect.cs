using System.Data.Common;
using Leodis.Fhir.Search;

namespace Leodis.Fhir.Storage;

/// <summary>
/// What differs between the SQL stores: locking syntax, how instants are kept, how a duplicate key is reported, and
/// how a version's history and index rows are written (PostgreSQL's; SQLite's write sessions carry
/// <see cref="Sqlite.SqliteStatements"/> instead).
/// </summary>
internal sealed record SqlDialect(
    string ForUpdate,
    Func<DateTimeOffset, object> ToDbInstant,
    Func<DbDataReader, int, DateTimeOffset> ReadInstant,
    Func<DbException, bool> IsUniqueViolation,
    VersionRowsWriter? WriteVersionRowsAsync);

/// <summary>
/// Writes the history row of <paramref name="history"/> (unless null) and replaces the index rows of the resource with
/// this rid (its old rows are only cleared when it is not new).
/// </summary>
internal delegate Task VersionRowsWriter(
    DbConnection connection, DbTransaction? transaction, StoredResource? history, long rid, ResourceIndex? index, bool isNew, CancellationToken ct);
