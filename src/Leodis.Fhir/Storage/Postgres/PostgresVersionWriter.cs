using System.Data.Common;
using System.Globalization;
using System.Text;
using Leodis.Fhir.Search;
using Npgsql;

namespace Leodis.Fhir.Storage.Postgres;

/// <summary>
/// Writes a version in one round trip: one statement whose data-modifying CTEs insert (or update) the current row,
/// add its history row and replace its index rows, each table's rows passed as arrays through <c>unnest</c>. The texts
/// are fixed (new, update and reindex; tables without rows get empty arrays), so Npgsql prepares each once per
/// connection. A conflict (the id is taken, or the version moved on) writes nothing and returns no rid.
/// </summary>
internal sealed class PostgresVersionWriter : IVersionWriter
{
    private const string Row = "resource_type, id, version_id, last_updated, is_deleted, method, body";
    private const string History = $"INSERT INTO resource_history ({Row}) SELECT $1, $2, $3, $4, $5, $6, $7 FROM r";

    private static readonly string InsertSql = Sql(
        $"INSERT INTO resources ({Row}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (resource_type, id) DO NOTHING RETURNING rid",
        History, replace: false, firstArray: 8);

    private static readonly string UpdateSql = Sql(
        "UPDATE resources SET version_id = $3, last_updated = $4, is_deleted = $5, method = $6, body = $7 " +
        "WHERE resource_type = $1 AND id = $2 AND version_id = $8 RETURNING rid",
        History, replace: true, firstArray: 9);

    private static readonly string ReindexSql = Sql("SELECT $1::bigint AS rid", history: null, replace: true, firstArray: 2);

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

        AddRows(command, index);
        return await command.ExecuteScalarAsync(ct) is long rid ? rid : null;
    }

    /// <summary>Replaces the index rows of a stored version (reindex): its current row and history stay as they are.</summary>
    public async Task ReplaceIndexAsync(DbConnection connection, DbTransaction? transaction, long rid, ResourceIndex index, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ReindexSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        Add(command, rid);
        AddRows(command, index);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The statement: CTE <c>r</c> yields the version's rid (or nothing on a conflict), then the history row, then per
    /// index table the old rows' DELETE (unless new) and the INSERT of the arrays from <paramref name="firstArray"/> on.
    /// CTEs see one snapshot, so a DELETE of old index rows cannot see the rows its INSERT adds.
    /// </summary>
    private static string Sql(string rid, string? history, bool replace, int firstArray)
    {
        var sql = new StringBuilder($"WITH r AS ({rid})");
        if (history is not null)
        {
            sql.Append(", h AS (").Append(history).Append(')');
        }

        var next = firstArray;
        for (var t = 0; t < IndexRows.All.Length; t++)
        {
            var table = IndexRows.All[t];
            if (replace)
            {
                sql.Append(CultureInfo.InvariantCulture, $", d{t} AS (DELETE FROM {table.Name} WHERE rid = (SELECT rid FROM r))");
            }

            var arrays = string.Join(", ", table.Types.Select(type => $"${next++}::{type}[]"));
            sql.Append(CultureInfo.InvariantCulture, $", i{t} AS (INSERT INTO {table.Name} (rid, {string.Join(", ", table.Columns)}) SELECT r.rid, u.* FROM r, unnest({arrays}) u)");
        }

        return sql.Append(" SELECT rid FROM r").ToString();
    }

    /// <summary>Each index table's columns as typed arrays (empty when the resource has no rows there, or no index).</summary>
    private static void AddRows(NpgsqlCommand command, ResourceIndex? index)
    {
        foreach (var table in IndexRows.All)
        {
            var rows = index is null ? [] : table.Rows(index).ToList();
            for (var j = 0; j < table.Types.Length; j++)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = Column(rows, j, table.Types[j]) });
            }
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

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}
