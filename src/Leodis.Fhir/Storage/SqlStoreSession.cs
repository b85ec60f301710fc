using System.Data.Common;

namespace Leodis.Fhir.Storage;

/// <summary>The store session both SQL stores share: the SQL is portable, the differences live in <see cref="SqlDialect"/>.</summary>
internal sealed class SqlStoreSession(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, Action? onDispose)
    : IStoreSession
{
    private const string Columns = "resource_type, id, version_id, last_updated, is_deleted, method, body";

    public Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct) =>
        ReadOneAsync($"SELECT {Columns} FROM resources WHERE resource_type = @t AND id = @id", resourceType, id, null, ct);

    public Task<StoredResource?> ReadForUpdateAsync(string resourceType, string id, CancellationToken ct) =>
        ReadOneAsync($"SELECT {Columns} FROM resources WHERE resource_type = @t AND id = @id{dialect.ForUpdate}", resourceType, id, null, ct);

    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, long versionId, CancellationToken ct) =>
        ReadOneAsync(
            $"SELECT {Columns} FROM resource_history WHERE resource_type = @t AND id = @id AND version_id = @v",
            resourceType, id, versionId, ct);

    public async Task WriteAsync(StoredResource resource, long previousVersion, CancellationToken ct)
    {
        const string history =
            "INSERT INTO resource_history (resource_type, id, version_id, last_updated, is_deleted, method, body) " +
            "VALUES (@t, @id, @v, @lu, @del, @m, @body)";
        var current = previousVersion == 0
            ? "INSERT INTO resources (resource_type, id, version_id, last_updated, is_deleted, method, body) " +
              "VALUES (@t, @id, @v, @lu, @del, @m, @body) ON CONFLICT (resource_type, id) DO NOTHING"
            : "UPDATE resources SET version_id = @v, last_updated = @lu, is_deleted = @del, method = @m, body = @body " +
              "WHERE resource_type = @t AND id = @id AND version_id = @prev";
        await using var command = Command($"{current};\n{history}");
        Add(command, "t", resource.ResourceType);
        Add(command, "id", resource.Id);
        Add(command, "v", resource.VersionId);
        Add(command, "lu", dialect.ToDbInstant(resource.LastUpdated));
        Add(command, "del", resource.IsDeleted);
        Add(command, "m", resource.Method);
        Add(command, "body", (object?)resource.Json ?? DBNull.Value);
        if (previousVersion != 0)
        {
            Add(command, "prev", previousVersion);
        }

        int affected;
        try
        {
            affected = await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new ConcurrentWriteException(resource.ResourceType, resource.Id);
        }

        if (affected != 2)
        {
            throw new ConcurrentWriteException(resource.ResourceType, resource.Id);
        }
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

    public Task CommitAsync(CancellationToken ct) => transaction?.CommitAsync(ct) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
        }
        finally
        {
            onDispose?.Invoke();
        }
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

        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private StoredResource Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        dialect.ReadInstant(reader, 3),
        reader.GetBoolean(4),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(5));

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
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
