using Npgsql;

namespace Leodis.Testing;

/// <summary>
/// The PostgreSQL that ./test.sh starts, named by LEODIS_TEST_POSTGRES. Each fixture gets a database of its own,
/// so test classes and test projects never see each other's rows, and drops it when it ends (<see cref="TestStore"/>).
/// </summary>
public static class TestPostgres
{
    /// <summary>Every test database's name starts so; <see cref="TestStore"/> drops only these.</summary>
    public const string DatabasePrefix = "leodis_";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("LEODIS_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = DatabasePrefix + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }
}
