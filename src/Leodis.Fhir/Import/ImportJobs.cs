using System.Globalization;
using System.Text.Json;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Import;

/// <summary>
/// The import_jobs and import_errors tables. A job is run by one owner at a time, who holds a lease it renews; a job
/// whose owner died (lease expired) is taken over, and every chunk's commit checks the owner and the status in the same
/// transaction, so a cancelled or taken-over job never writes another chunk.
/// </summary>
public sealed class ImportJobs(IResourceStore store, TimeProvider clock)
{
    private const string Columns = "id, source, status, created, updated, state";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TimeProvider Clock => clock;

    /// <summary>
    /// A new job: queued for whoever runs jobs of its source, or, with an <paramref name="owner"/>, already claimed by it
    /// (the command line), so no server picks it up first.
    /// </summary>
    public async Task<ImportJob> CreateAsync(string source, ImportJobState state, string? owner, TimeSpan lease, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        var now = Now();
        await ExecuteAsync(
            "INSERT INTO import_jobs (id, source, status, created, updated, owner, lease_until, state) VALUES (@id, @source, @status, @now, @now, @owner, @lease, @state)",
            [new("id", id), new("source", source), new("status", owner is null ? ImportJobStatus.Queued : ImportJobStatus.Running), new("now", now),
                new("owner", owner), new("lease", owner is null ? 0 : now + (long)lease.TotalMilliseconds), new("state", Serialize(state))],
            ct);
        return await GetAsync(id, ct) ?? throw new InvalidOperationException("The import job just created is not there.");
    }

    public async Task<ImportJob?> GetAsync(string id, CancellationToken ct) =>
        (await RowsAsync($"SELECT {Columns} FROM import_jobs WHERE id = @id", [new("id", id)], ct)).Select(Read).FirstOrDefault();

    /// <summary>The latest job for this source (the command line's resolved path list).</summary>
    public async Task<ImportJob?> LatestForSourceAsync(string source, CancellationToken ct) =>
        (await RowsAsync($"SELECT {Columns} FROM import_jobs WHERE source = @source ORDER BY created DESC, id LIMIT 1", [new("source", source)], ct))
            .Select(Read).FirstOrDefault();

    /// <summary>
    /// The oldest job whose source starts with <paramref name="sourcePrefix"/> waiting to run: queued, or running under a
    /// lease that has run out (its owner died).
    /// </summary>
    public async Task<string?> NextRunnableAsync(string sourcePrefix, CancellationToken ct) =>
        (await RowsAsync(
            "SELECT id FROM import_jobs WHERE (status = @queued OR (status = @running AND lease_until < @now)) AND source LIKE @prefix " +
            "ORDER BY created, id LIMIT 1",
            [new("queued", ImportJobStatus.Queued), new("running", ImportJobStatus.Running), new("now", Now()), new("prefix", sourcePrefix + "%")],
            ct)).Select(r => (string)r[0]!).FirstOrDefault();

    /// <summary>Takes the job for <paramref name="owner"/> unless someone else holds a live lease on it or it has finished.</summary>
    public async Task<bool> TryClaimAsync(string id, string owner, TimeSpan lease, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE import_jobs SET status = @running, owner = @owner, lease_until = @lease, updated = @now " +
            "WHERE id = @id AND (status = @queued OR (status = @running AND (lease_until < @now OR owner = @owner)))",
            [new("running", ImportJobStatus.Running), new("owner", owner), new("lease", Now() + (long)lease.TotalMilliseconds), new("now", Now()),
                new("id", id), new("queued", ImportJobStatus.Queued)],
            ct) == 1;

    /// <summary>Renews the lease; false when the job is no longer this owner's to run.</summary>
    public async Task<bool> RenewAsync(string id, string owner, TimeSpan lease, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE import_jobs SET lease_until = @lease WHERE id = @id AND owner = @owner AND status = @running",
            [new("lease", Now() + (long)lease.TotalMilliseconds), new("id", id), new("owner", owner), new("running", ImportJobStatus.Running)],
            ct) == 1;

    /// <summary>Writes the state inside the chunk's session; false (and the chunk must roll back) when the job is no longer ours.</summary>
    internal async Task<bool> SaveProgressAsync(IStoreSession session, string id, string owner, ImportJobState state, TimeSpan lease, CancellationToken ct) =>
        await session.ExecuteAsync(new SqlQuery(
            "UPDATE import_jobs SET state = @state, updated = @now, lease_until = @lease WHERE id = @id AND owner = @owner AND status = @running",
            [new("state", Serialize(state)), new("now", Now()), new("lease", Now() + (long)lease.TotalMilliseconds), new("id", id), new("owner", owner),
                new("running", ImportJobStatus.Running)]), ct) == 1;

    internal static Task AddErrorAsync(IStoreSession session, string id, int fileIndex, long line, string outcome, CancellationToken ct) =>
        session.ExecuteAsync(new SqlQuery(
            "INSERT INTO import_errors (job_id, file_index, line, outcome) VALUES (@id, @file, @line, @outcome)",
            [new("id", id), new("file", fileIndex), new("line", line), new("outcome", outcome)]), ct);

    /// <summary>Ends a running job this owner holds: completed or failed.</summary>
    public async Task<bool> FinishAsync(string id, string owner, string status, ImportJobState state, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE import_jobs SET status = @status, state = @state, updated = @now, owner = NULL WHERE id = @id AND owner = @owner AND status = @running",
            [new("status", status), new("state", Serialize(state)), new("now", Now()), new("id", id), new("owner", owner), new("running", ImportJobStatus.Running)],
            ct) == 1;

    /// <summary>Lets go of a running job without ending it (the process is stopping): whoever runs next resumes it.</summary>
    public Task ReleaseAsync(string id, string owner, CancellationToken ct) =>
        ExecuteAsync(
            "UPDATE import_jobs SET lease_until = 0, owner = NULL WHERE id = @id AND owner = @owner AND status = @running",
            [new("id", id), new("owner", owner), new("running", ImportJobStatus.Running)],
            ct);

    /// <summary>Cancels a queued or running job; false when it had already finished.</summary>
    public async Task<bool> CancelAsync(string id, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE import_jobs SET status = @cancelled, updated = @now, owner = NULL WHERE id = @id AND (status = @queued OR status = @running)",
            [new("cancelled", ImportJobStatus.Cancelled), new("now", Now()), new("id", id), new("queued", ImportJobStatus.Queued),
                new("running", ImportJobStatus.Running)],
            ct) == 1;

    /// <summary>The error report: each refused line's OperationOutcome JSON, in file and line order, read a page at a time.</summary>
    public async IAsyncEnumerable<string> ErrorsAsync(string id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        const int Page = 1000;
        var (file, line) = (-1L, 0L);
        while (true)
        {
            var rows = await RowsAsync(
                "SELECT file_index, line, outcome FROM import_errors WHERE job_id = @id AND (file_index > @file OR (file_index = @file AND line > @line)) " +
                "ORDER BY file_index, line LIMIT @page",
                [new("id", id), new("file", file), new("line", line), new("page", Page)],
                ct);
            foreach (var row in rows)
            {
                yield return (string)row[2]!;
            }

            if (rows.Count < Page)
            {
                yield break;
            }

            (file, line) = (Long(rows[^1][0]), Long(rows[^1][1]));
        }
    }

    private static ImportJob Read(object?[] row) => new(
        (string)row[0]!,
        (string)row[1]!,
        (string)row[2]!,
        DateTimeOffset.FromUnixTimeMilliseconds(Long(row[3])),
        DateTimeOffset.FromUnixTimeMilliseconds(Long(row[4])),
        JsonSerializer.Deserialize<ImportJobState>((string)row[5]!, Json) ?? new ImportJobState());

    private static string Serialize(ImportJobState state) => JsonSerializer.Serialize(state, Json);

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<int> ExecuteAsync(string sql, KeyValuePair<string, object?>[] parameters, CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: true, ct);
        var changed = await session.ExecuteAsync(new SqlQuery(sql, parameters), ct);
        await session.CommitAsync(ct);
        return changed;
    }

    private async Task<IReadOnlyList<object?[]>> RowsAsync(string sql, KeyValuePair<string, object?>[] parameters, CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: false, ct);
        return await session.RowsAsync(new SqlQuery(sql, parameters), ct);
    }
}
