using System.Data.Common;
using System.Globalization;
using System.Text;
using Leodis.Fhir.Search;
using Npgsql;

namespace Leodis.Fhir.Storage.Postgres;

/// <summary>
/// Writes a version in one round trip: one statement whose data-modifying CTEs insert (or update) the current row,
/// add its history row and replace its index rows, each table's rows passed as arrays through <c>unnest</c>. The text
/// is fixed (two variants, new and update; tables without rows get empty arrays), so Npgsql prepares it once per
/// connection. A conflict (the id is taken, or the version moved on) writes nothing and returns no rid.
/// </summary>
internal sealed class PostgresVersionWriter : IVersionWriter
{
    private const string Row = "resource_type, id, version_id, last_updated, is_deleted, method, body";

    private static readonly string InsertSql = VersionSql(isNew: true);
    private static readonly string UpdateSql = VersionSql(isNew: false);

    public static PostgresVersionWriter Instance { get; } = new();

    public async Task<long?> WriteAsync(
        DbConnection connection, DbTransaction? transaction, StoredResource resource, long previousVersion, ResourceIndex? index, CancellationToken ct)
    {
        var isNew = previousVersion == 0;
        await using var command = new NpgsqlCommand(isNew ? InsertSql : UpdateSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        Add(command, resource.ResourceType, resource.Id, resource.VersionId, resource.LastUpdated.ToUniversalTime(), resource.IsDeleted, resource.Method,
            (object?)resource.Json ?? DBNull.Value);
        if (!isNew)
        {
            Add(command, previousVersion);
        }

        foreach (var table in IndexRows.All)
        {
            var rows = index is null ? new List<object?[]>() : table.Rows(index).ToList();
            for (var j = 0; j < table.Types.Length; j++)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = Column(rows, j, table.Types[j]) });
            }
        }

        return await command.ExecuteScalarAsync(ct) is long rid ? rid : null;
    }

    /// <summary>Replaces the index rows of a stored version (reindex): its current row and history stay as they are.</summary>
    public async Task ReplaceIndexAsync(DbConnection connection, DbTransaction? transaction, long rid, ResourceIndex index, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        foreach (var table in IndexRows.All)
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table.Name} WHERE rid = $1");
            delete.Parameters.Add(new NpgsqlParameter { Value = rid });
            batch.BatchCommands.Add(delete);
            var rows = table.Rows(index).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var arrays = table.Types.Select((type, j) => $"${j + 2}::{type}[]");
            var insert = new NpgsqlBatchCommand(
                $"INSERT INTO {table.Name} (rid, {string.Join(", ", table.Columns)}) SELECT $1, * FROM unnest({string.Join(", ", arrays)})");
            insert.Parameters.Add(new NpgsqlParameter { Value = rid });
            for (var j = 0; j < table.Types.Length; j++)
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = Column(rows, j, table.Types[j]) });
            }

            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The statement: $1 to $7 the version, $8 the previous version (updates), then each index table's columns as
    /// arrays. CTEs see one snapshot, so an update's DELETE of old index rows cannot see the rows its INSERT adds.
    /// </summary>
    private static string VersionSql(bool isNew)
    {
        var sql = new StringBuilder("WITH r AS (");
        sql.Append(isNew
            ? $"INSERT INTO resources ({Row}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (resource_type, id) DO NOTHING RETURNING rid"
            : "UPDATE resources SET version_id = $3, last_updated = $4, is_deleted = $5, method = $6, body = $7 " +
              "WHERE resource_type = $1 AND id = $2 AND version_id = $8 RETURNING rid");
        sql.Append($"), h AS (INSERT INTO resource_history ({Row}) SELECT $1, $2, $3, $4, $5, $6, $7 FROM r)");
        var next = isNew ? 8 : 9;
        for (var t = 0; t < IndexRows.All.Length; t++)
        {
            var table = IndexRows.All[t];
            if (!isNew)
            {
                sql.Append(CultureInfo.InvariantCulture, $", d{t} AS (DELETE FROM {table.Name} WHERE rid = (SELECT rid FROM r))");
            }

            var arrays = string.Join(", ", table.Types.Select(type => $"${next++}::{type}[]"));
            sql.Append(CultureInfo.InvariantCulture, $", i{t} AS (INSERT INTO {table.Name} (rid, {string.Join(", ", table.Columns)}) SELECT r.rid, u.* FROM r, unnest({arrays}) u)");
        }

        return sql.Append(" SELECT rid FROM r").ToString();
    }

    /// <summary>One column of the rows as a typed array, which Npgsql sends as the matching PostgreSQL array.</summary>
    private static Array Column(List<object?[]> rows, int column, string type) => type switch
    {
        "integer" => rows.Select(r => Convert.ToInt32(r[column], CultureInfo.InvariantCulture)).ToArray(),
        "bigint" => rows.Select(r => (long?)r[column]).ToArray(),
        "double precision" => rows.Select(r => (double?)r[column]).ToArray(),
        _ => rows.Select(r => (string?)r[column]).ToArray(),
    };

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}
