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
            rid INTEGER PRIMARY KEY,
            resource_type TEXT NOT NULL,
            id TEXT NOT NULL,
            version_id INTEGER NOT NULL,
            last_updated INTEGER NOT NULL,
            is_deleted INTEGER NOT NULL,
            method TEXT NOT NULL,
            body TEXT NULL,
            UNIQUE (resource_type, id)
        );
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
        """ + SearchTables("INTEGER", "REAL", string.Empty),
        ImportTables,
        AccessTables(string.Empty),

        // A probe by rid names the parameter too; with (rid, param) SQLite's planner, short of statistics, takes it
        // over (param, low) and no longer scans every date of a parameter for one resource.
        """
        DROP INDEX ix_search_date_rid;
        CREATE INDEX ix_search_date_rid ON search_date (rid, param, low, high);
        DROP INDEX ix_search_token_rid;
        CREATE INDEX ix_search_token_rid ON search_token (rid, param);
        DROP INDEX ix_search_reference_rid;
        CREATE INDEX ix_search_reference_rid ON search_reference (rid, param);
        DROP INDEX ix_search_string_rid;
        CREATE INDEX ix_search_string_rid ON search_string (rid, param);
        DROP INDEX ix_search_quantity_rid;
        CREATE INDEX ix_search_quantity_rid ON search_quantity (rid, param);
        """,
        AuditTables,
        AuditAppendOnlySqlite,
    ];

    public static readonly string[] Postgres =
    [
        """
        CREATE TABLE resources (
            rid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            resource_type text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            version_id bigint NOT NULL,
            last_updated timestamptz NOT NULL,
            is_deleted boolean NOT NULL,
            method text NOT NULL,
            body text NULL,
            UNIQUE (resource_type, id)
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
        """ + SearchTables("bigint", "double precision", " COLLATE \"C\""),
        ImportTables,
        AccessTables(" COLLATE \"C\""),

        // Covering indexes (docs/performance.md, issue 3): a string prefix and a date probe by rid are answered from
        // the index alone (index-only scans), without visiting the index table's rows. search_reference keeps its
        // plain index: covering it saved 4 pages of the chain's 213 and made PostgreSQL re-plan the chain on every
        // execution instead of reusing a generic plan, which cost more than it saved.
        """
        DROP INDEX ix_search_string;
        CREATE INDEX ix_search_string ON search_string (param, norm) INCLUDE (rid);
        DROP INDEX ix_search_date_rid;
        CREATE INDEX ix_search_date_rid ON search_date (rid, param) INCLUDE (low, high);
        """,
        AuditTables,
        AuditAppendOnlyPostgres,

        // PostgreSQL estimates (param, system, code) as if the three were independent, so a common code (a LOINC heart
        // rate) looked like 17 rows instead of 564 at 10,000 resources and it hashed every one of them instead of
        // probing a patient's 56 Observations by rid. Statistics on the three together give it the real figure.
        // An existing store is analysed now; an empty one is left to autovacuum, because statistics that say "empty"
        // send the next thousand searches of a new store to plans for an empty table (HL7 v2 admissions fell from 42
        // to 5 a second on a fresh database).
        """
        CREATE STATISTICS st_search_token ON param, system, code FROM search_token;
        DO $$ BEGIN IF EXISTS (SELECT 1 FROM search_token) THEN ANALYZE search_token; END IF; END $$;
        """,

        // A stored result set (a search of more than one page) is a cache of rids that later pages read: after a crash
        // a next link answers 410 Gone and the client searches again, which is what an expired set does anyway. So its
        // tables write no WAL, and storing a set costs no flush: two fsyncs fewer for every search of several pages.
        """
        ALTER TABLE search_results SET UNLOGGED;
        ALTER TABLE searches SET UNLOGGED;
        """,
    ];

    /// <summary>
    /// The access gate (Access/): break-glass grants, each a user's time-limited access to one patient with the reason
    /// given, until a privacy officer reviews it; and the owner of each stored search, who alone may page through it.
    /// </summary>
    private static string AccessTables(string collate) => $"""
        CREATE TABLE break_glass (id text NOT NULL PRIMARY KEY, user_name text NOT NULL, role text NOT NULL, organization text NULL,
            patient_id text{collate} NOT NULL, reason text NOT NULL, granted bigint NOT NULL, expires bigint NOT NULL,
            reviewed_by text NULL, reviewed bigint NULL, review_note text NULL);
        CREATE INDEX ix_break_glass_patient ON break_glass (patient_id, user_name, expires);
        CREATE INDEX ix_break_glass_granted ON break_glass (granted);
        ALTER TABLE searches ADD COLUMN owner text NULL;
        """;

    /// <summary>
    /// The audit trail (Leodis.Server/Audit): one row per audited request, appended only, each row's hash covering the
    /// previous row's hash and its own fields, so an edited, removed or inserted row breaks the chain. audit_patients
    /// indexes each row's patients for "who looked at this patient"; the row's patient_ids (hashed) is its source.
    /// </summary>
    private const string AuditTables = """
        CREATE TABLE audit_events (seq bigint NOT NULL PRIMARY KEY, recorded bigint NOT NULL, user_name text NOT NULL,
            action text NOT NULL, outcome integer NOT NULL, patient_ids text NOT NULL, body text NOT NULL,
            prev_hash text NOT NULL, hash text NOT NULL);
        CREATE INDEX ix_audit_events_user ON audit_events (user_name, seq);
        CREATE TABLE audit_patients (patient_id text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (patient_id, seq));
        CREATE INDEX ix_audit_patients_seq ON audit_patients (seq);
        """;

    /// <summary>
    /// The audit tables refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) whoever asks: the trail is append-only
    /// in the database, not only in the code that writes it. Someone who can drop the triggers can still edit rows,
    /// and the hash chain catches that.
    /// </summary>
    public const string AuditAppendOnlySqlite = """
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_patients_no_update BEFORE UPDATE ON audit_patients BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_patients_no_delete BEFORE DELETE ON audit_patients BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """;

    /// <inheritdoc cref="AuditAppendOnlySqlite"/>
    public const string AuditAppendOnlyPostgres = """
        CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit trail is append-only';
        END $$;
        CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER audit_patients_append_only BEFORE UPDATE OR DELETE ON audit_patients FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER audit_patients_no_truncate BEFORE TRUNCATE ON audit_patients FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
        """;

    /// <summary>
    /// Bulk import jobs (Import/ImportJobs.cs): the state is JSON (inputs, cursor, counts) rewritten in the same
    /// transaction as each chunk of resources it describes; owner and lease_until (Unix ms) say who runs it.
    /// </summary>
    private const string ImportTables = """
        CREATE TABLE import_jobs (id text NOT NULL PRIMARY KEY, source text NOT NULL, status text NOT NULL, created bigint NOT NULL,
            updated bigint NOT NULL, owner text NULL, lease_until bigint NOT NULL, state text NOT NULL);
        CREATE INDEX ix_import_jobs_status ON import_jobs (status, created);
        CREATE INDEX ix_import_jobs_source ON import_jobs (source, created);
        CREATE TABLE import_errors (job_id text NOT NULL, file_index integer NOT NULL, line bigint NOT NULL, outcome text NOT NULL,
            PRIMARY KEY (job_id, file_index, line));
        """;

    /// <summary>
    /// The search index (Search/ResourceIndex.cs): one table per parameter type, keyed by the resource's rid and the
    /// parameter's stable key, holding values of current versions only. Texts compare byte-wise for prefix ranges.
    /// </summary>
    private static string SearchTables(string big, string real, string collate) => $"""

        CREATE TABLE search_string (rid {big} NOT NULL, param integer NOT NULL, norm text{collate} NOT NULL, exact text NOT NULL);
        CREATE INDEX ix_search_string ON search_string (param, norm);
        CREATE INDEX ix_search_string_rid ON search_string (rid);
        CREATE TABLE search_token (rid {big} NOT NULL, param integer NOT NULL, system text{collate} NULL, code text{collate} NULL,
            text text{collate} NULL, type_system text NULL, type_code text NULL);
        CREATE INDEX ix_search_token ON search_token (param, code, system);
        CREATE INDEX ix_search_token_text ON search_token (param, text);
        CREATE INDEX ix_search_token_rid ON search_token (rid);
        CREATE TABLE search_reference (rid {big} NOT NULL, param integer NOT NULL, target_type text{collate} NULL, target_id text{collate} NULL,
            url text{collate} NULL, id_system text NULL, id_value text NULL);
        CREATE INDEX ix_search_reference ON search_reference (param, target_id, target_type);
        CREATE INDEX ix_search_reference_target ON search_reference (target_id, target_type, param);
        CREATE INDEX ix_search_reference_url ON search_reference (param, url);
        CREATE INDEX ix_search_reference_rid ON search_reference (rid);
        CREATE TABLE search_date (rid {big} NOT NULL, param integer NOT NULL, low {big} NOT NULL, high {big} NOT NULL);
        CREATE INDEX ix_search_date ON search_date (param, low, high);
        CREATE INDEX ix_search_date_rid ON search_date (rid);
        CREATE TABLE search_number (rid {big} NOT NULL, param integer NOT NULL, value {real} NOT NULL);
        CREATE INDEX ix_search_number ON search_number (param, value);
        CREATE INDEX ix_search_number_rid ON search_number (rid);
        CREATE TABLE search_quantity (rid {big} NOT NULL, param integer NOT NULL, system text{collate} NULL, code text{collate} NULL,
            unit text NULL, value {real} NOT NULL);
        CREATE INDEX ix_search_quantity ON search_quantity (param, code, value);
        CREATE INDEX ix_search_quantity_rid ON search_quantity (rid);
        CREATE TABLE search_uri (rid {big} NOT NULL, param integer NOT NULL, uri text{collate} NOT NULL);
        CREATE INDEX ix_search_uri ON search_uri (param, uri);
        CREATE INDEX ix_search_uri_rid ON search_uri (rid);
        CREATE TABLE search_composite (rid {big} NOT NULL, param integer NOT NULL,
            a_system text{collate} NULL, a_code text{collate} NULL, a_number {real} NULL, a_low {big} NULL, a_high {big} NULL, a_text text{collate} NULL,
            b_system text{collate} NULL, b_code text{collate} NULL, b_number {real} NULL, b_low {big} NULL, b_high {big} NULL, b_text text{collate} NULL);
        CREATE INDEX ix_search_composite ON search_composite (param, a_code, b_code);
        CREATE INDEX ix_search_composite_rid ON search_composite (rid);
        CREATE TABLE searches (search_id text NOT NULL PRIMARY KEY, created {big} NOT NULL, total integer NOT NULL, query text NOT NULL);
        CREATE INDEX ix_searches_created ON searches (created);
        CREATE TABLE search_results (search_id text NOT NULL, position integer NOT NULL, rid {big} NOT NULL, PRIMARY KEY (search_id, position));
        """;

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
        command.CommandTimeout = 0; // a script may build indexes over millions of rows; start-up waits for it
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
