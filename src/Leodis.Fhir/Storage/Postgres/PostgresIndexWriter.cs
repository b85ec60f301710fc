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

    private static readonly string[] Deletes =
        ["search_string", "search_token", "search_reference", "search_date", "search_number", "search_quantity", "search_uri", "search_composite"];

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
            foreach (var table in Deletes)
            {
                Add(batch, $"DELETE FROM {table} WHERE rid = $1", rid);
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
        if (index.Strings is { Count: > 0 } s)
        {
            Add(batch, "INSERT INTO search_string (rid, param, norm, exact) SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[])",
                rid, s.Select(r => r.Param).ToArray(), s.Select(r => r.Normalized).ToArray(), s.Select(r => r.Exact).ToArray());
        }

        if (index.Tokens is { Count: > 0 } t)
        {
            Add(batch, "INSERT INTO search_token (rid, param, system, code, text, type_system, type_code) " +
                "SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
                rid, t.Select(r => r.Param).ToArray(), t.Select(r => r.System).ToArray(), t.Select(r => r.Code).ToArray(),
                t.Select(r => r.Text).ToArray(), t.Select(r => r.TypeSystem).ToArray(), t.Select(r => r.TypeCode).ToArray());
        }

        if (index.References is { Count: > 0 } r)
        {
            Add(batch, "INSERT INTO search_reference (rid, param, target_type, target_id, url, id_system, id_value) " +
                "SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
                rid, r.Select(x => x.Param).ToArray(), r.Select(x => x.TargetType).ToArray(), r.Select(x => x.TargetId).ToArray(),
                r.Select(x => x.Url).ToArray(), r.Select(x => x.IdentifierSystem).ToArray(), r.Select(x => x.IdentifierValue).ToArray());
        }

        if (index.Dates is { Count: > 0 } d)
        {
            Add(batch, "INSERT INTO search_date (rid, param, low, high) SELECT $1, * FROM unnest($2::integer[], $3::bigint[], $4::bigint[])",
                rid, d.Select(x => x.Param).ToArray(), d.Select(x => x.Low).ToArray(), d.Select(x => x.High).ToArray());
        }

        if (index.Numbers is { Count: > 0 } n)
        {
            Add(batch, "INSERT INTO search_number (rid, param, value) SELECT $1, * FROM unnest($2::integer[], $3::double precision[])",
                rid, n.Select(x => x.Param).ToArray(), n.Select(x => (double)x.Value).ToArray());
        }

        if (index.Quantities is { Count: > 0 } q)
        {
            Add(batch, "INSERT INTO search_quantity (rid, param, system, code, unit, value) " +
                "SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::double precision[])",
                rid, q.Select(x => x.Param).ToArray(), q.Select(x => x.System).ToArray(), q.Select(x => x.Code).ToArray(),
                q.Select(x => x.Unit).ToArray(), q.Select(x => (double)x.Value).ToArray());
        }

        if (index.Uris is { Count: > 0 } u)
        {
            Add(batch, "INSERT INTO search_uri (rid, param, uri) SELECT $1, * FROM unnest($2::integer[], $3::text[])",
                rid, u.Select(x => x.Param).ToArray(), u.Select(x => x.Uri).ToArray());
        }

        if (index.Composites is { Count: > 0 } c)
        {
            Add(batch, "INSERT INTO search_composite (rid, param, a_system, a_code, a_number, a_low, a_high, a_text, " +
                "b_system, b_code, b_number, b_low, b_high, b_text) SELECT $1, * FROM unnest($2::integer[], " +
                "$3::text[], $4::text[], $5::double precision[], $6::bigint[], $7::bigint[], $8::text[], " +
                "$9::text[], $10::text[], $11::double precision[], $12::bigint[], $13::bigint[], $14::text[])",
                rid, c.Select(x => x.Param).ToArray(),
                c.Select(x => x.First.System).ToArray(), c.Select(x => x.First.Code).ToArray(), c.Select(x => (double?)x.First.Number).ToArray(),
                c.Select(x => x.First.Low).ToArray(), c.Select(x => x.First.High).ToArray(), c.Select(x => x.First.Text).ToArray(),
                c.Select(x => x.Second.System).ToArray(), c.Select(x => x.Second.Code).ToArray(), c.Select(x => (double?)x.Second.Number).ToArray(),
                c.Select(x => x.Second.Low).ToArray(), c.Select(x => x.Second.High).ToArray(), c.Select(x => x.Second.Text).ToArray());
        }
    }

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
