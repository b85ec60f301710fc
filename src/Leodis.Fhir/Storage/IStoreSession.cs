using Leodis.Fhir.Search;

namespace Leodis.Fhir.Storage;

/// <summary>Reads and writes inside one database transaction. Disposing without commit rolls everything back.</summary>
public interface IStoreSession : IAsyncDisposable
{
    /// <summary>The current version (possibly a deletion), or null when the resource never existed.</summary>
    Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct);

    /// <summary>The current version, locked against other writers until this session ends.</summary>
    Task<StoredResource?> ReadForUpdateAsync(string resourceType, string id, CancellationToken ct);

    Task<StoredResource?> ReadVersionAsync(string resourceType, string id, long versionId, CancellationToken ct);

    /// <summary>
    /// Writes a new version. <paramref name="previousVersion"/> is the version it replaces (0 for a new resource);
    /// when another writer got there first a <see cref="ConcurrentWriteException"/> is thrown.
    /// </summary>
    Task WriteAsync(StoredResource resource, long previousVersion, ResourceIndex? index, CancellationToken ct);

    /// <summary>Replaces the index rows of the current version of the resource with this rid (after a SearchParameter change).</summary>
    Task ReplaceIndexAsync(long rid, ResourceIndex index, CancellationToken ct);

    /// <summary>Runs a query whose columns are rid followed by the resources table's version columns.</summary>
    Task<IReadOnlyList<FoundResource>> QueryAsync(SqlQuery query, CancellationToken ct);

    Task<object?> ScalarAsync(SqlQuery query, CancellationToken ct);

    Task<int> ExecuteAsync(SqlQuery query, CancellationToken ct);

    Task<HistoryPage> HistoryAsync(HistoryQuery query, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);

    /// <summary>
    /// Holds locks named by <paramref name="keys"/> until this session ends, so that sessions which search criteria and
    /// create when nothing matches (conditional create and update) take turns on the same criteria. All of a session's
    /// keys are taken in one call, in one order, so two sessions never wait on each other.
    /// </summary>
    Task LockAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>
    /// The current version (body not read) of each of these resources that exists, locked against other writers until
    /// this session ends: what a bulk write needs to number the next versions.
    /// </summary>
    Task<IReadOnlyDictionary<(string Type, string Id), StoredResource>> ReadManyForUpdateAsync(
        IReadOnlyList<(string Type, string Id)> keys, CancellationToken ct);

    /// <summary>
    /// Writes many new versions at once (bulk import), each of a different resource, with the same meaning as
    /// <see cref="WriteAsync"/> for each: history row, current row, index rows. A <see cref="ConcurrentWriteException"/>
    /// means another writer got to one of them first; nothing of the session should then be committed.
    /// </summary>
    Task WriteManyAsync(IReadOnlyList<VersionWrite> writes, CancellationToken ct);

    /// <summary>Runs a query and returns its rows as column values (DBNull as null).</summary>
    Task<IReadOnlyList<object?[]>> RowsAsync(SqlQuery query, CancellationToken ct);
}
