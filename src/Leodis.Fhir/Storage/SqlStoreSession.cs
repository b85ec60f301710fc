using System.Data.Common;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage.Sqlite;

namespace Leodis.Fhir.Storage;

/// <summary>
/// The store session both SQL stores share: the SQL is portable, the differences live in <see cref="SqlDialect"/>.
/// SQLite's write sessions also carry the writer's compiled statements, which write versions and index rows.
/// </summary>
internal sealed partial class SqlStoreSession(
    DbConnection connection, DbTransaction? transaction, SqlDialect dialect, ISessionLifetime? lifetime = null, SqliteStatements? statements = null)
    : IStoreSession
{
    private const string Columns = "resource_type, id, version_id, last_updated, is_deleted, method, body";

    /// <summary>Hashes of the named locks this session holds (they last until it ends).</summary>
    private readonly HashSet<int> heldLocks = [];

    public Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct) =>
        ReadOneAsync($"SELECT {Columns} FROM resources WHERE resource_type = @t AND id = @id", resourceType, id, null, ct);

    public Task<StoredResource?> ReadForUpdateAsync(string resourceType, string id, CancellationToken ct) =>
        statements is not null
            ? ReadRowAsync(statements.Current(resourceType, id), ct)
            : ReadOneAsync($"SELECT {Columns} FROM resources WHERE resource_type = @t AND id = @id{dialect.ForUpdate}", resourceType, id, null, ct);

    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, long versionId, CancellationToken ct) =>
        ReadOneAsync(
            $"SELECT {Columns} FROM resource_history WHERE resource_type = @t AND id = @id AND version_id = @v",
            resourceType, id, versionId, ct);

    public async Task WriteAsync(StoredResource resource, long previousVersion, ResourceIndex? index, CancellationToken ct)
    {
        if (statements is not null)
        {
            try
            {
                await statements.WriteAsync(new VersionWrite(resource, previousVersion, index), ct);
                return;
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw new ConcurrentWriteException(resource.ResourceType, resource.Id);
            }
        }

        long? rid;
        try
        {
            rid = await Writer.WriteAsync(connection, transaction, resource, previousVersion, resource.IsDeleted ? null : index, ct);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new ConcurrentWriteException(resource.ResourceType, resource.Id);
        }

        if (rid is null)
        {
            throw new ConcurrentWriteException(resource.ResourceType, resource.Id);
        }
    }

    public Task ReplaceIndexAsync(long rid, ResourceIndex index, CancellationToken ct) =>
        statements?.ReplaceIndexAsync(rid, index, isNew: false, ct) ?? Writer.ReplaceIndexAsync(connection, transaction, rid, index, ct);

    public async Task<IReadOnlyList<FoundResource>> QueryAsync(SqlQuery query, CancellationToken ct)
    {
        await using var command = Command(query);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<FoundResource>();
        while (await reader.ReadAsync(ct))
        {
            found.Add(new FoundResource(reader.GetInt64(0), Read(reader, 1)));
        }

        return found;
    }

    public async Task<object?> ScalarAsync(SqlQuery query, CancellationToken ct)
    {
        await using var command = Command(query);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public async Task<int> ExecuteAsync(SqlQuery query, CancellationToken ct)
    {
        await using var command = Command(query);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<HistoryPage> HistoryAsync(HistoryQuery query, CancellationToken ct)
    {
        var where = new List<string>();
        await using var command = Command(string.Empty);
        if (query.ResourceType is not null)
        {
            where.Add("resource_type = @t");
            Add(command, "t", query.ResourceType);
        }

        if (query.Id is not null)
        {
            where.Add("id = @id");
            Add(command, "id", query.Id);
        }

        if (query.Since is { } since)
        {
            where.Add("last_updated >= @since");
            Add(command, "since", dialect.ToDbInstant(since));
        }

        if (query.Before is { } before)
        {
            where.Add("seq < @before");
            Add(command, "before", before);
        }

        if (query.Visible is { } visible)
        {
            where.Add($"EXISTS (SELECT 1 FROM resources r WHERE r.resource_type = resource_history.resource_type AND r.id = resource_history.id AND {visible.Text})");
            foreach (var (name, value) in visible.Parameters)
            {
                Add(command, name, value ?? DBNull.Value);
            }
        }

        Add(command, "limit", query.Count + 1);
        command.CommandText =
            $"SELECT {Columns}, seq FROM resource_history" +
            (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty) +
            " ORDER BY seq DESC LIMIT @limit";
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new HistoryEntry(reader.GetInt64(7), Read(reader)));
        }

        var hasMore = entries.Count > query.Count;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return new HistoryPage(entries, hasMore);
    }

    private IVersionWriter Writer =>
        dialect.Writer ?? throw new InvalidOperationException("This session cannot write: it is a read session.");

    public async Task LockAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (dialect.KeyLock is not { } sql)
        {
            return;
        }

        // A lock this session already holds (a transaction's conditional update takes again what the transaction took
        // for all its entries) costs no round trip.
        var wanted = keys.Select(Hash).Where(hash => !heldLocks.Contains(hash)).Distinct().Order().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var hash in wanted)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            var parameter = command.CreateParameter();
            parameter.Value = hash;
            command.Parameters.Add(parameter);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
        heldLocks.UnionWith(wanted);
    }

    /// <summary>A stable 32-bit hash of a lock's name: two names that collide only take turns when they need not.</summary>
    private static int Hash(string key) =>
        BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), 0);

    public Task CommitAsync(CancellationToken ct) =>
        lifetime?.CommitAsync(ct) ?? transaction?.CommitAsync(ct) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (lifetime is not null)
        {
            await lifetime.EndAsync();
            return;
        }

        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    private async Task<StoredResource?> ReadOneAsync(string sql, string type, string id, long? version, CancellationToken ct)
    {
        await using var command = Command(sql);
        Add(command, "t", type);
        Add(command, "id", id);
        if (version is { } v)
        {
            Add(command, "v", v);
        }

        return await ReadRowAsync(command, ct);
    }

    private async Task<StoredResource?> ReadRowAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private StoredResource Read(DbDataReader reader, int first = 0) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetInt64(first + 2),
        dialect.ReadInstant(reader, first + 3),
        reader.GetBoolean(first + 4),
        reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
        reader.GetString(first + 5));

    private DbCommand Command(SqlQuery query)
    {
        var command = Command(query.Text);
        foreach (var (name, value) in query.Parameters)
        {
            Add(command, name, value ?? DBNull.Value);
        }

        return command;
    }

    private DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
