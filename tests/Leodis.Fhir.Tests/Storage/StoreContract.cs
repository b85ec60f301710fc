using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Tests.Storage;

/// <summary>What every store must do, run against SQLite and against real PostgreSQL.</summary>
public abstract class StoreContract(StoreFixture fixture)
{
    private IResourceStore Store => fixture.Store;

    [Fact]
    public async Task A_committed_write_is_read_back_exactly()
    {
        var written = Version("Patient", NewId(), 1);
        await WriteAsync(written, 0);

        await using var session = await Store.BeginAsync(write: false, default);
        var read = await session.ReadAsync("Patient", written.Id, default);

        Assert.Equal(written, read);
    }

    [Fact]
    public async Task A_write_that_is_not_committed_leaves_nothing()
    {
        var id = NewId();
        await using (var session = await Store.BeginAsync(write: true, default))
        {
            await session.WriteAsync(Version("Patient", id, 1), 0, null, default);
        }

        await using var reader = await Store.BeginAsync(write: false, default);
        Assert.Null(await reader.ReadAsync("Patient", id, default));
        Assert.Null(await reader.ReadVersionAsync("Patient", id, 1, default));
    }

    [Fact]
    public async Task Every_version_is_kept_and_the_latest_is_current()
    {
        var id = NewId();
        await WriteAsync(Version("Observation", id, 1), 0);
        await WriteAsync(Version("Observation", id, 2), 1);
        await WriteAsync(Version("Observation", id, 3) with { IsDeleted = true, Json = null, Method = "DELETE" }, 2);

        await using var session = await Store.BeginAsync(write: false, default);
        var current = await session.ReadAsync("Observation", id, default);
        Assert.NotNull(current);
        Assert.True(current.IsDeleted);
        Assert.Equal(3, current.VersionId);
        Assert.Equal("{\"v\":2}", (await session.ReadVersionAsync("Observation", id, 2, default))?.Json);
        Assert.Null(await session.ReadVersionAsync("Observation", id, 4, default));
    }

    [Fact]
    public async Task Writing_over_a_version_that_moved_on_is_a_concurrent_write()
    {
        var id = NewId();
        await WriteAsync(Version("Patient", id, 1), 0);
        await WriteAsync(Version("Patient", id, 2), 1);

        await Assert.ThrowsAsync<ConcurrentWriteException>(() => WriteAsync(Version("Patient", id, 2), 1));
        await Assert.ThrowsAsync<ConcurrentWriteException>(() => WriteAsync(Version("Patient", id, 1), 0));
    }

    [Fact]
    public async Task Instance_history_is_newest_first_and_pages_without_gaps()
    {
        var id = NewId();
        for (var v = 1; v <= 5; v++)
        {
            await WriteAsync(Version("Encounter", id, v), v - 1);
        }

        await using var session = await Store.BeginAsync(write: false, default);
        var first = await session.HistoryAsync(new HistoryQuery("Encounter", id, null, 2, null), default);
        var second = await session.HistoryAsync(new HistoryQuery("Encounter", id, null, 2, first.Entries[^1].Sequence), default);
        var third = await session.HistoryAsync(new HistoryQuery("Encounter", id, null, 2, second.Entries[^1].Sequence), default);

        Assert.Equal([5L, 4L, 3L, 2L, 1L], first.Entries.Concat(second.Entries).Concat(third.Entries).Select(e => e.Resource.VersionId));
        Assert.True(first.HasMore);
        Assert.False(third.HasMore);
    }

    [Fact]
    public async Task Type_history_holds_only_that_type_and_respects_since()
    {
        var type = "Basic";
        var before = Version(type, NewId(), 1) with { LastUpdated = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var after = Version(type, NewId(), 1) with { LastUpdated = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        await WriteAsync(before, 0);
        await WriteAsync(after, 0);
        await WriteAsync(Version("Flag", NewId(), 1), 0);

        await using var session = await Store.BeginAsync(write: false, default);
        var since = await session.HistoryAsync(new HistoryQuery(type, null, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), 100, null), default);
        var all = await session.HistoryAsync(new HistoryQuery(type, null, null, 1000, null), default);

        Assert.Equal([after.Id], since.Entries.Select(e => e.Resource.Id));
        Assert.All(all.Entries, e => Assert.Equal(type, e.Resource.ResourceType));
        Assert.Contains(all.Entries, e => e.Resource.Id == before.Id);
    }

    [Fact]
    public async Task Instants_keep_their_milliseconds()
    {
        var instant = new DateTimeOffset(2026, 11, 27, 10, 11, 12, 345, TimeSpan.Zero);
        var written = Version("Patient", NewId(), 1) with { LastUpdated = instant };
        await WriteAsync(written, 0);

        await using var session = await Store.BeginAsync(write: false, default);
        Assert.Equal(instant, (await session.ReadAsync("Patient", written.Id, default))?.LastUpdated);
    }

    [Fact]
    public async Task Concurrent_sessions_commit_on_their_own_and_a_rollback_undoes_only_its_own_writes()
    {
        var ids = Enumerable.Range(0, 24).Select(_ => NewId()).ToList();

        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await using var session = await Store.BeginAsync(write: true, default);
            await session.WriteAsync(Version("Basic", id, 1), 0, null, default);
            if (i % 3 != 0)
            {
                await session.CommitAsync(default);
            }
        }));

        await using var reader = await Store.BeginAsync(write: false, default);
        for (var i = 0; i < ids.Count; i++)
        {
            var read = await reader.ReadAsync("Basic", ids[i], default);
            Assert.True(i % 3 != 0 ? read is not null : read is null, $"session {i}");
        }
    }

    [Fact]
    public async Task Schema_initialisation_can_run_again()
    {
        await Store.InitializeAsync(default);
        Assert.True(await Store.IsReadyAsync(default));
    }

    private async Task WriteAsync(StoredResource resource, long previous)
    {
        await using var session = await Store.BeginAsync(write: true, default);
        await session.WriteAsync(resource, previous, null, default);
        await session.CommitAsync(default);
    }

    private static string NewId() => Guid.NewGuid().ToString();

    private static StoredResource Version(string type, string id, long version) => new(
        type, id, version, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(version), false, $"{{\"v\":{version}}}", version == 1 ? "POST" : "PUT");
}

public sealed class SqliteStoreTests(SqliteStoreFixture fixture) : StoreContract(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresStoreTests(PostgresStoreFixture fixture) : StoreContract(fixture), IClassFixture<PostgresStoreFixture>;
