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

    /// <summary>Appends the statements to <paramref name="sql"/> and their parameters to <paramref name="command"/>.</summary>
    private static void Append(StringBuilder sql, DbCommand command, long rid, ResourceIndex? index, bool isNew)
    {
        Add(command, "rid", rid);
        if (!isNew)
        {
            foreach (var table in IndexRows.All)
            {
                sql.Append("DELETE FROM ").Append(table.Name).Append(" WHERE rid = @rid;\n");
            }
        }

        if (index is null)
        {
            return;
        }

        for (var t = 0; t < IndexRows.All.Length; t++)
        {
            var table = IndexRows.All[t];
            var rows = table.Rows(index).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            sql.Append("INSERT INTO ").Append(table.Name).Append(" (rid, ").AppendJoin(", ", table.Columns).Append(") VALUES ");
            for (var i = 0; i < rows.Count; i++)
            {
                sql.Append(i == 0 ? "(@rid" : ", (@rid");
                for (var j = 0; j < rows[i].Length; j++)
                {
                    var name = $"t{t}_{i}_{j}";
                    sql.Append(", @").Append(name);
                    Add(command, name, rows[i][j]);
                }

                sql.Append(')');
            }

            sql.Append(";\n");
        }
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
