using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Leodis.Fhir.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit is on disk before it returns.
/// SQLite allows one writer at a time; writers take turns in process and commit in groups (<see cref="SqliteWriteGroup"/>).
/// </summary>
public sealed class SqliteResourceStore : IResourceStore
{
    private static readonly SqlDialect Dialect = new(
        ForUpdate: string.Empty,
        ToDbInstant: instant => instant.ToUniversalTime().Ticks,
        ReadInstant: (reader, ordinal) => new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero),
        IsUniqueViolation: e => e is SqliteException { SqliteErrorCode: 19 },
        Writer: null);

    // Without statistics SQLite prefers the index with more constrained columns, so a probe by rid could scan every
    // date of a parameter, and a search for an NHS number read every Patient row by resource_type instead of the one
    // the token index found. ANALYZE (sampled, cheap) lets it weigh them. A store that starts empty has nothing to
    // analyse, so this runs every minute: PRAGMA optimize does nothing unless a table is unanalysed or has grown 25-fold.
    private const string Optimize = "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";
    private static readonly TimeSpan OptimizeEvery = TimeSpan.FromMinutes(1);

    private readonly string connectionString;
    private readonly SqliteWriteGroup writers;
    private Timer? optimizer;

    public SqliteResourceStore(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            Mode = SqliteOpenMode.ReadWriteCreate,
        };
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        this.connectionString = builder.ToString();
        writers = new SqliteWriteGroup(OpenAsync);
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct);
        await Migrations.ApplyAsync(connection, Migrations.Sqlite, ct);
        await ExecuteAsync(connection, Optimize, ct);
        optimizer ??= new Timer(_ => _ = OptimizeAsync(), null, OptimizeEvery, OptimizeEvery);
    }

    private async Task OptimizeAsync()
    {
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            await ExecuteAsync(connection, Optimize, CancellationToken.None);
        }
        catch (SqliteException)
        {
            // Busy or closing: statistics are a hint, and the next round will try again.
        }
    }

    public async Task<IStoreSession> BeginAsync(bool write, CancellationToken ct)
    {
        if (!write)
        {
            return new SqlStoreSession(await OpenAsync(ct), null, Dialect, null);
        }

        return await writers.BeginAsync(Dialect);
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_version";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    public ValueTask DisposeAsync()
    {
        optimizer?.Dispose();
        writers.Dispose();
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;", ct);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
