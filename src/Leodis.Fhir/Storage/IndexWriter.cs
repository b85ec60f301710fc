using System.Data.Common;
using System.Text;
using Leodis.Fhir.Search;

namespace Leodis.Fhir.Storage;

/// <summary>
/// Writes a version's history row and search index rows as one command: clears the resource's old rows, then one
/// multi-row INSERT per table. SQLite compiles statements cheaply in process; PostgreSQL uses <c>PostgresIndexWriter</c>.
/// </summary>
internal static class IndexWriter
{
    public static async Task WriteAsync(
        DbConnection connection, DbTransaction? transaction, StoredResource? history, long rid, ResourceIndex? index, bool isNew, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder();
        if (history is not null)
        {
            sql.Append("INSERT INTO resource_history (resource_type, id, version_id, last_updated, is_deleted, method, body) ")
                .Append("VALUES (@t, @id, @v, @lu, @del, @m, @body);\n");
            Add(command, "t", history.ResourceType);
            Add(command, "id", history.Id);
            Add(command, "v", history.VersionId);
            Add(command, "lu", history.LastUpdated.ToUniversalTime().Ticks);
            Add(command, "del", history.IsDeleted);
            Add(command, "m", history.Method);
            Add(command, "body", history.Json);
        }

        Append(sql, command, rid, index, isNew);
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    private static readonly string[] Tables =
        ["search_string", "search_token", "search_reference", "search_date", "search_number", "search_quantity", "search_uri", "search_composite"];

    /// <summary>Appends the statements to <paramref name="sql"/> and their parameters to <paramref name="command"/>.</summary>
    private static void Append(StringBuilder sql, DbCommand command, long rid, ResourceIndex? index, bool isNew)
    {
        Add(command, "rid", rid);
        if (!isNew)
        {
            foreach (var table in Tables)
            {
                sql.Append("DELETE FROM ").Append(table).Append(" WHERE rid = @rid;\n");
            }
        }

        if (index is null)
        {
            return;
        }

        Rows(sql, command, "search_string", "param, norm, exact", "s", index.Strings, r => [r.Param, r.Normalized, r.Exact]);
        Rows(sql, command, "search_token", "param, system, code, text, type_system, type_code", "t", index.Tokens,
            r => [r.Param, r.System, r.Code, r.Text, r.TypeSystem, r.TypeCode]);
        Rows(sql, command, "search_reference", "param, target_type, target_id, url, id_system, id_value", "r", index.References,
            r => [r.Param, r.TargetType, r.TargetId, r.Url, r.IdentifierSystem, r.IdentifierValue]);
        Rows(sql, command, "search_date", "param, low, high", "d", index.Dates, r => [r.Param, r.Low, r.High]);
        Rows(sql, command, "search_number", "param, value", "n", index.Numbers, r => [r.Param, (double)r.Value]);
        Rows(sql, command, "search_quantity", "param, system, code, unit, value", "q", index.Quantities,
            r => [r.Param, r.System, r.Code, r.Unit, (double)r.Value]);
        Rows(sql, command, "search_uri", "param, uri", "u", index.Uris, r => [r.Param, r.Uri]);
        Rows(sql, command, "search_composite",
            "param, a_system, a_code, a_number, a_low, a_high, a_text, b_system, b_code, b_number, b_low, b_high, b_text", "c", index.Composites,
            r => [r.Param, r.First.System, r.First.Code, (double?)r.First.Number, r.First.Low, r.First.High, r.First.Text,
                r.Second.System, r.Second.Code, (double?)r.Second.Number, r.Second.Low, r.Second.High, r.Second.Text]);
    }

    private static void Rows<T>(StringBuilder sql, DbCommand command, string table, string columns, string prefix, List<T> rows, Func<T, object?[]> values)
    {
        if (rows.Count == 0)
        {
            return;
        }

        sql.Append("INSERT INTO ").Append(table).Append(" (rid, ").Append(columns).Append(") VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            sql.Append(i == 0 ? "(@rid" : ", (@rid");
            var row = values(rows[i]);
            for (var j = 0; j < row.Length; j++)
            {
                var name = $"{prefix}{i}_{j}";
                sql.Append(", @").Append(name);
                Add(command, name, row[j]);
            }

            sql.Append(')');
        }

        sql.Append(";\n");
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
