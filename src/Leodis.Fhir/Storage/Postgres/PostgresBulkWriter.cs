using Npgsql;
using NpgsqlTypes;

namespace Leodis.Fhir.Storage.Postgres;

/// <summary>
/// Bulk import on PostgreSQL: the versions go once over the wire by binary COPY into a staging table dropped at commit,
/// and from there into resources and resource_history by set statements; index rows are COPYed straight into their tables.
/// </summary>
internal static class PostgresBulkWriter
{
    public static async Task ReadVersionsAsync(
        NpgsqlConnection connection, Dictionary<(string Type, string Id), StoredResource> found, IReadOnlyList<(string Type, string Id)> keys, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT r.resource_type, r.id, r.version_id, r.last_updated, r.is_deleted, r.method FROM resources r " +
            "JOIN unnest(@types, @ids) AS k(resource_type, id) ON r.resource_type = k.resource_type AND r.id = k.id " +
            "ORDER BY r.rid FOR UPDATE OF r",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", keys.Select(k => k.Type).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", keys.Select(k => k.Id).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stored = new StoredResource(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4), null, reader.GetString(5));
            found[(stored.ResourceType, stored.Id)] = stored;
        }
    }

    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<VersionWrite> writes, CancellationToken ct)
    {
        await ExecuteAsync(
            connection,
            "CREATE TEMP TABLE IF NOT EXISTS import_stage (ord integer, resource_type text COLLATE \"C\", id text COLLATE \"C\", version_id bigint, " +
            "last_updated timestamptz, is_deleted boolean, method text, body text, prev bigint) ON COMMIT DROP; TRUNCATE import_stage",
            ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY import_stage (ord, resource_type, id, version_id, last_updated, is_deleted, method, body, prev) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < writes.Count; i++)
            {
                var (resource, prev) = (writes[i].Resource, writes[i].PreviousVersion);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(resource.ResourceType, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(resource.Id, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(resource.VersionId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(resource.LastUpdated.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(resource.IsDeleted, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(resource.Method, NpgsqlDbType.Text, ct);
                if (resource.Json is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(resource.Json, NpgsqlDbType.Text, ct);
                }

                await copy.WriteAsync(prev, NpgsqlDbType.Bigint, ct);
            }

            await copy.CompleteAsync(ct);
        }

        const string Columns = "resource_type, id, version_id, last_updated, is_deleted, method, body";
        var updates = writes.Count(w => w.PreviousVersion != 0);
        var inserted = await ExecuteAsync(
            connection,
            $"INSERT INTO resources ({Columns}) SELECT {Columns} FROM import_stage WHERE prev = 0 ORDER BY ord " +
            "ON CONFLICT (resource_type, id) DO NOTHING",
            ct);
        var updated = updates == 0 ? 0 : await ExecuteAsync(
            connection,
            "UPDATE resources r SET version_id = s.version_id, last_updated = s.last_updated, is_deleted = s.is_deleted, method = s.method, " +
            "body = s.body FROM import_stage s WHERE s.prev <> 0 AND r.resource_type = s.resource_type AND r.id = s.id AND r.version_id = s.prev",
            ct);
        if (inserted != writes.Count - updates || updated != updates)
        {
            // Another writer created or changed one of these resources after they were read: the caller retries the chunk.
            var first = writes[0].Resource;
            throw new ConcurrentWriteException(first.ResourceType, first.Id);
        }

        await ExecuteAsync(connection, $"INSERT INTO resource_history ({Columns}) SELECT {Columns} FROM import_stage ORDER BY ord", ct);

        var rids = new long[writes.Count];
        await using (var command = new NpgsqlCommand(
            "SELECT s.ord, r.rid FROM import_stage s JOIN resources r ON r.resource_type = s.resource_type AND r.id = s.id", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rids[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        if (updates > 0)
        {
            var replaced = writes.Select((w, i) => (w, i)).Where(x => x.w.PreviousVersion != 0).Select(x => rids[x.i]).ToArray();
            await using var clear = new NpgsqlCommand(
                string.Join("; ", IndexRows.All.Select(t => $"DELETE FROM {t.Name} WHERE rid = ANY(@rids)")), connection);
            clear.Parameters.Add(new NpgsqlParameter<long[]>("rids", replaced));
            await clear.ExecuteNonQueryAsync(ct);
        }

        foreach (var table in IndexRows.All)
        {
            if (!writes.Any(w => w.Index is not null && !w.Resource.IsDeleted && table.Rows(w.Index).Any()))
            {
                continue;
            }

            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {table.Name} (rid, {string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)", ct);
            for (var i = 0; i < writes.Count; i++)
            {
                if (writes[i].Index is not { } index || writes[i].Resource.IsDeleted)
                {
                    continue;
                }

                foreach (var row in table.Rows(index))
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(rids[i], NpgsqlDbType.Bigint, ct);
                    foreach (var value in row)
                    {
                        await WriteValueAsync(copy, value, ct);
                    }
                }
            }

            await copy.CompleteAsync(ct);
        }
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter copy, object? value, CancellationToken ct) => value switch
    {
        null => copy.WriteNullAsync(ct),
        string text => copy.WriteAsync(text, NpgsqlDbType.Text, ct),
        int number => copy.WriteAsync(number, NpgsqlDbType.Integer, ct),
        long number => copy.WriteAsync(number, NpgsqlDbType.Bigint, ct),
        double number => copy.WriteAsync(number, NpgsqlDbType.Double, ct),
        _ => throw new InvalidOperationException($"No COPY type for {value.GetType().Name}."),
    };

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
