using System.Data.Common;

namespace Leodis.Fhir.Storage;

/// <summary>What differs between the SQL stores: locking syntax, how instants are kept, and how a duplicate key is reported.</summary>
internal sealed record SqlDialect(
    string ForUpdate,
    Func<DateTimeOffset, object> ToDbInstant,
    Func<DbDataReader, int, DateTimeOffset> ReadInstant,
    Func<DbException, bool> IsUniqueViolation);
