using System.Data.Common;
using Leodis.Fhir.Storage.Postgres;
using Npgsql;

namespace Leodis.Fhir.Storage;

/// <summary>
/// Bulk reads and writes for import. PostgreSQL streams rows with binary COPY (<see cref="PostgresBulkWriter"/>);
/// SQLite runs the write session's compiled statements (<see cref="Sqlite.SqliteStatements"/>) row by row.
/// </summary>
internal sealed partial class SqlStoreSession
{
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

        foreach (var key in keys)
        {
            if (await ReadForUpdateAsync(key.Type, key.Id, ct) is { } current)
            {
                found[key] = current;
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

        var writer = statements ?? throw new InvalidOperationException("Bulk writes on SQLite need a write session.");
        foreach (var write in writes)
        {
            await writer.WriteAsync(write, ct);
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
}
