using Npgsql;

namespace Leodis.Testing;

/// <summary>
/// Removes a store a test made when its fixture ends: the SQLite file with its -wal and -shm, or the PostgreSQL database
/// <see cref="TestPostgres"/> created. Left behind, test databases pile up on a developer's PostgreSQL, and its
/// autovacuum launcher then starts a worker process every naptime / databases seconds (with 500 of them, eight a second,
/// a quarter of this machine), which skews every benchmark run on that server afterwards.
/// </summary>
public static class TestStore
{
    private const string SqlitePrefix = "Data Source=";

    public static async Task DeleteAsync(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return;
        }

        if (connectionString.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var file = connectionString[SqlitePrefix.Length..].Split(';')[0];
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            return;
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (database is null || !database.StartsWith(TestPostgres.DatabasePrefix, StringComparison.Ordinal))
        {
            return;
        }

        await using var connection = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
