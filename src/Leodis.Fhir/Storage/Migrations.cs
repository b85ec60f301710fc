using System.Data.Common;
using System.Globalization;

namespace Leodis.Fhir.Storage;

/// <summary>
/// The schema, as numbered scripts per store. At start each store applies the scripts it has not yet applied, in one
/// transaction, so a half-migrated database never exists. Append new scripts; never edit an applied one.
/// </summary>
internal static class Migrations
{
    public static readonly string[] Sqlite =
    [
        """
        CREATE TABLE resources (
            resource_type TEXT NOT NULL,
            id TEXT NOT NULL,
            version_id INTEGER NOT NULL,
            last_updated INTEGER NOT NULL,
            is_deleted INTEGER NOT NULL,
            method TEXT NOT NULL,
            body TEXT NULL,
            PRIMARY KEY (resource_type, id)
        ) WITHOUT ROWID;
        CREATE TABLE resource_history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            resource_type TEXT NOT NULL,
            id TEXT NOT NULL,
            version_id INTEGER NOT NULL,
            last_updated INTEGER NOT NULL,
            is_deleted INTEGER NOT NULL,
            method TEXT NOT NULL,
            body TEXT NULL
        );
        CREATE UNIQUE INDEX ix_resource_history_version ON resource_history (resource_type, id, version_id);
        CREATE INDEX ix_resource_history_type ON resource_history (resource_type, seq);
        CREATE INDEX ix_resource_history_updated ON resource_history (last_updated);
        """,
    ];

    public static readonly string[] Postgres =
    [
        """
        CREATE TABLE resources (
            resource_type text NOT NULL,
            id text NOT NULL,
            version_id bigint NOT NULL,
            last_updated timestamptz NOT NULL,
            is_deleted boolean NOT NULL,
            method text NOT NULL,
            body text NULL,
            PRIMARY KEY (resource_type, id)
        );
        CREATE TABLE resource_history (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            resource_type text NOT NULL,
            id text NOT NULL,
            version_id bigint NOT NULL,
            last_updated timestamptz NOT NULL,
            is_deleted boolean NOT NULL,
            method text NOT NULL,
            body text NULL
        );
        CREATE UNIQUE INDEX ix_resource_history_version ON resource_history (resource_type, id, version_id);
        CREATE INDEX ix_resource_history_type ON resource_history (resource_type, seq);
        CREATE INDEX ix_resource_history_updated ON resource_history (last_updated);
        """,
    ];

    public static async Task ApplyAsync(DbConnection connection, string[] scripts, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal))
        {
            // Two servers starting together must not both migrate.
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(7204202611)", ct);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", ct);
        var applied = Convert.ToInt32(
            await ScalarAsync(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version", ct),
            CultureInfo.InvariantCulture);
        for (var version = applied + 1; version <= scripts.Length; version++)
        {
            await ExecuteAsync(connection, transaction, scripts[version - 1], ct);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version})", ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
