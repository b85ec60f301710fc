using Microsoft.Data.Sqlite;

namespace Leodis.Benchmarks;

/// <summary>A SQLite database file in the temp folder, deleted with its WAL files when the benchmark ends.</summary>
public sealed class TemporarySqliteFile
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"leodis-bench-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={Path}";

    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
