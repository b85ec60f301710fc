using System.Data.Common;
using Leodis.Fhir.Storage.Postgres;
using Npgsql;

namespace Leodis.Fhir.Storage;

/// <summary>
/// Bulk reads and writes for import. PostgreSQL streams rows with binary COPY (<see cref="PostgresBulkWriter"/>);
/// SQLite reuses one prepared statement per table for every row, inside the session's transaction.
/// </summary>
internal sealed partial class SqlStoreSession
{
    private const string VersionColumns = "resource_type, id, version_id, last_updated, is_deleted, method";

    public async Task<IReadOnlyDictionary<(string Type, string Id), StoredResource>> ReadManyForUpdateAsync(
        IReadOnlyList<(string Type, string Id)> keys, CancellationToken ct)
    {
        var found = new Dictionary<(string Type, string Id), StoredResource>();
        if (keys.Count == 0)
        {
            return found;
        }

        if (connection is NpgsqlConnection postgres)
        {
            await PostgresBulkWriter.ReadVersionsAsync(postgres, found, keys, ct);
            return found;
        }

        await using var command = Command($"SELECT {VersionColumns} FROM resources WHERE resource_type = @t AND id = @id");
        var type = Parameter(command, "t");
        var id = Parameter(command, "id");
        foreach (var key in keys)
        {
            type.Value = key.Type;
            id.Value = key.Id;
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                found[key] = new StoredResource(
                    reader.GetString(0), reader.GetString(1), reader.GetInt64(2), dialect.ReadInstant(reader, 3), reader.GetBoolean(4), null, reader.GetString(5));
            }
        }

        return found;
    }

    public async Task WriteManyAsync(IReadOnlyList<VersionWrite> writes, CancellationToken ct)
    {
        if (writes.Count == 0)
        {
            return;
        }

        if (connection is NpgsqlConnection postgres)
        {
            await PostgresBulkWriter.WriteAsync(postgres, writes, ct);
            return;
        }

        const string Values = "(@t, @id, @v, @lu, @del, @m, @body)";
        await using var insert = Command(
            $"INSERT INTO resources ({VersionColumns}, body) VALUES {Values} ON CONFLICT (resource_type, id) DO NOTHING RETURNING rid");
        await using var update = Command(
            "UPDATE resources SET version_id = @v, last_updated = @lu, is_deleted = @del, method = @m, body = @body " +
            "WHERE resource_type = @t AND id = @id AND version_id = @prev RETURNING rid");
        await using var history = Command($"INSERT INTO resource_history ({VersionColumns}, body) VALUES {Values}");
        var prev = Parameter(update, "prev");
        var clear = new List<DbCommand>();
        var rows = new List<(DbCommand Command, DbParameter[] Values)>();
        try
        {
            foreach (var table in IndexRows.All)
            {
                var delete = Command($"DELETE FROM {table.Name} WHERE rid = @rid");
                Parameter(delete, "rid");
                clear.Add(delete);
                var names = table.Columns.Select((_, i) => "@c" + i).ToArray();
                var row = Command($"INSERT INTO {table.Name} (rid, {string.Join(", ", table.Columns)}) VALUES (@rid, {string.Join(", ", names)})");
                rows.Add((row, [Parameter(row, "rid"), .. names.Select(n => Parameter(row, n[1..]))]));
            }

            foreach (var write in writes)
            {
                var resource = write.Resource;
                var current = write.PreviousVersion == 0 ? insert : update;
                SetVersion(current, resource);
                SetVersion(history, resource);
                prev.Value = write.PreviousVersion;
                var rid = await current.ExecuteScalarAsync(ct) is { } value and not DBNull
                    ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                    : throw new ConcurrentWriteException(resource.ResourceType, resource.Id);
                await history.ExecuteNonQueryAsync(ct);
                if (write.PreviousVersion != 0)
                {
                    foreach (var delete in clear)
                    {
                        delete.Parameters[0].Value = rid;
                        await delete.ExecuteNonQueryAsync(ct);
                    }
                }

                if (resource.IsDeleted || write.Index is null)
                {
                    continue;
                }

                for (var t = 0; t < IndexRows.All.Length; t++)
                {
                    var (command, parameters) = rows[t];
                    foreach (var values in IndexRows.All[t].Rows(write.Index))
                    {
                        parameters[0].Value = rid;
                        for (var c = 0; c < values.Length; c++)
                        {
                            parameters[c + 1].Value = values[c] ?? DBNull.Value;
                        }

                        await command.ExecuteNonQueryAsync(ct);
                    }
                }
            }
        }
        finally
        {
            foreach (var command in clear.Concat(rows.Select(r => r.Command)))
            {
                await command.DisposeAsync();
            }
        }
    }

    public async Task<IReadOnlyList<object?[]>> RowsAsync(SqlQuery query, CancellationToken ct)
    {
        await using var command = Command(query);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private void SetVersion(DbCommand command, StoredResource resource)
    {
        if (!command.Parameters.Contains("t"))
        {
            foreach (var name in new[] { "t", "id", "v", "lu", "del", "m", "body" })
            {
                Parameter(command, name);
            }
        }

        command.Parameters["t"].Value = resource.ResourceType;
        command.Parameters["id"].Value = resource.Id;
        command.Parameters["v"].Value = resource.VersionId;
        command.Parameters["lu"].Value = dialect.ToDbInstant(resource.LastUpdated);
        command.Parameters["del"].Value = resource.IsDeleted;
        command.Parameters["m"].Value = resource.Method;
        command.Parameters["body"].Value = (object?)resource.Json ?? DBNull.Value;
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
