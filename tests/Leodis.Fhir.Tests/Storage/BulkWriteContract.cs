using System.Globalization;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Tests.Storage;

/// <summary>The bulk write bulk import uses, with the same meaning as one write per resource, on SQLite and PostgreSQL.</summary>
public abstract class BulkWriteContract(StoreFixture fixture)
{
    private IResourceStore Store => fixture.Store;

    [Fact]
    public async Task A_bulk_write_creates_and_updates_with_history_current_rows_and_index_rows()
    {
        var (a, b) = (NewId(), NewId());
        await WriteManyAsync([new(Version(a, 1), 0, Index("old")), new(Version(b, 1), 0, Index("b"))]);
        await WriteManyAsync([new(Version(a, 2), 1, Index("new"))]);

        await using var session = await Store.BeginAsync(write: false, default);
        Assert.Equal(Version(a, 2), await session.ReadAsync("Basic", a, default));
        Assert.Equal(Version(a, 1), await session.ReadVersionAsync("Basic", a, 1, default));
        Assert.Equal(Version(b, 1), await session.ReadAsync("Basic", b, default));
        var versions = await session.ReadManyForUpdateAsync([("Basic", a), ("Basic", b), ("Basic", NewId())], default);
        Assert.Equal([2L, 1L], new[] { versions[("Basic", a)].VersionId, versions[("Basic", b)].VersionId });
        Assert.Equal(2, versions.Count);

        // The update replaced a's index rows: its old value is gone, the new one is there, b's is untouched.
        Assert.Equal(0L, await CountAsync(session, a, "old"));
        Assert.Equal(1L, await CountAsync(session, a, "new"));
        Assert.Equal(1L, await CountAsync(session, b, "b"));
    }

    [Fact]
    public async Task A_bulk_write_over_a_version_that_moved_on_is_a_concurrent_write_and_leaves_nothing()
    {
        var (a, b) = (NewId(), NewId());
        await WriteManyAsync([new(Version(a, 1), 0, null)]);

        await Assert.ThrowsAsync<ConcurrentWriteException>(() => WriteManyAsync([new(Version(b, 1), 0, null), new(Version(a, 1), 0, null)]));

        await using var session = await Store.BeginAsync(write: false, default);
        Assert.Null(await session.ReadAsync("Basic", b, default));
    }

    private async Task WriteManyAsync(IReadOnlyList<VersionWrite> writes)
    {
        await using var session = await Store.BeginAsync(write: true, default);
        await session.WriteManyAsync(writes, default);
        await session.CommitAsync(default);
    }

    private static async Task<long> CountAsync(IStoreSession session, string id, string code) => Convert.ToInt64(
        await session.ScalarAsync(new SqlQuery(
            "SELECT count(*) FROM search_token t JOIN resources r ON r.rid = t.rid WHERE r.id = @id AND t.code = @code",
            [new("id", id), new("code", code)]), default),
        CultureInfo.InvariantCulture);

    private static ResourceIndex Index(string code)
    {
        var index = new ResourceIndex();
        index.Tokens.Add(new TokenRow(42, "urn:test", code, null));
        return index;
    }

    private static string NewId() => Guid.NewGuid().ToString();

    private static StoredResource Version(string id, long version) => new(
        "Basic", id, version, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(version), false, $"{{\"v\":{version}}}", "PUT");
}

public sealed class SqliteBulkWriteTests(SqliteStoreFixture fixture) : BulkWriteContract(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresBulkWriteTests(PostgresStoreFixture fixture) : BulkWriteContract(fixture), IClassFixture<PostgresStoreFixture>;
