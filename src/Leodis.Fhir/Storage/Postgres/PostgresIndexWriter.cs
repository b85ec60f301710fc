using System.Globalization;
using Leodis.Fhir.Search;
using Npgsql;

namespace Leodis.Fhir.Storage.Postgres;

/// <summary>
/// Writes a version's history row and search index rows in one round trip: a batch whose statements have fixed text
/// (each table's rows go as arrays through <c>unnest</c>), so PostgreSQL plans each once per connection (Npgsql
/// auto-prepare) instead of parsing a new multi-row INSERT for every write.
/// </summary>
internal static class PostgresIndexWriter
{
    private const string HistoryInsert =
        "INSERT INTO resource_history (resource_type, id, version_id, last_updated, is_deleted, method, body) VALUES ($1, $2, $3, $4, $5, $6, $7)";

    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StoredResource? history, long rid, ResourceIndex? index, bool isNew, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (history is not null)
        {
            Add(batch, HistoryInsert, history.ResourceType, history.Id, history.VersionId, history.LastUpdated.ToUniversalTime(),
                history.IsDeleted, history.Method, (object?)history.Json ?? DBNull.Value);
        }

        if (!isNew)
        {
            foreach (var table in IndexRows.All)
            {
                Add(batch, $"DELETE FROM {table.Name} WHERE rid = $1", rid);
            }
        }

        if (index is not null)
        {
            AddRows(batch, index, rid);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    private static void AddRows(NpgsqlBatch batch, ResourceIndex index, long rid)
    {
        foreach (var table in IndexRows.All)
        {
            var rows = table.Rows(index).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var arrays = table.Types.Select((type, j) => $"${j + 2}::{type}[]");
            var command = new NpgsqlBatchCommand(
                $"INSERT INTO {table.Name} (rid, {string.Join(", ", table.Columns)}) SELECT $1, * FROM unnest({string.Join(", ", arrays)})");
            command.Parameters.Add(new NpgsqlParameter { Value = rid });
            for (var j = 0; j < table.Types.Length; j++)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = Column(rows, j, table.Types[j]) });
            }

            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>One column of the rows as a typed array, which Npgsql sends as the matching PostgreSQL array.</summary>
    private static Array Column(List<object?[]> rows, int column, string type) => type switch
    {
        "integer" => rows.Select(r => Convert.ToInt32(r[column], CultureInfo.InvariantCulture)).ToArray(),
        "bigint" => rows.Select(r => (long?)r[column]).ToArray(),
        "double precision" => rows.Select(r => (double?)r[column]).ToArray(),
        _ => rows.Select(r => (string?)r[column]).ToArray(),
    };

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }
}
