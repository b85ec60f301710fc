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
        WriteVersionRowsAsync: IndexWriter.WriteAsync);

    private readonly string connectionString;
    private readonly SqliteWriteGroup writers;

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
