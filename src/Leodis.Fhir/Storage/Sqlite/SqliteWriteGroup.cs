using Microsoft.Data.Sqlite;

namespace Leodis.Fhir.Storage.Sqlite;

/// <summary>
/// Group commit for SQLite. Write sessions take turns on one connection inside one transaction, each within a
/// savepoint of its own; when a session ends and no other is waiting (or the group is large), the transaction commits
/// with one flush for all of them. A session's commit returns only after that flush, so an acknowledged write is on
/// disk, but a thousand writers pay for one fsync instead of a thousand.
/// </summary>
internal sealed class SqliteWriteGroup(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    private const int MaxSessionsPerCommit = 200;

    private readonly SemaphoreSlim turn = new(1, 1);
    private int waiting;
    private Group? current;

    public async Task<SqlStoreSession> BeginAsync(SqlDialect dialect)
    {
        Interlocked.Increment(ref waiting);

        // Never cancelled: a waiter always takes its turn, so the last session of a group is always there to commit it.
        await turn.WaitAsync(CancellationToken.None);
        Interlocked.Decrement(ref waiting);
        try
        {
            if (current is null)
            {
                var connection = await open(CancellationToken.None);
                current = new Group(connection, connection.BeginTransaction(deferred: false));
            }

            await ExecuteAsync(current, "SAVEPOINT session");
            return new SqlStoreSession(current.Connection, current.Transaction, dialect, new Lifetime(this, current));
        }
        catch
        {
            await FinishTurnAsync();
            throw;
        }
    }

    public void Dispose() => turn.Dispose();

    /// <summary>Called by the session holding the turn as it ends: commit the group if nobody else is about to join.</summary>
    private async Task FinishTurnAsync()
    {
        try
        {
            if (current is { } group && (Volatile.Read(ref waiting) == 0 || group.Committed.Count >= MaxSessionsPerCommit))
            {
                current = null;
                try
                {
                    await group.Transaction.CommitAsync();
                    group.Committed.ForEach(c => c.TrySetResult());
                }
                catch (Exception e)
                {
                    group.Committed.ForEach(c => c.TrySetException(e));
                }
                finally
                {
                    await group.Transaction.DisposeAsync();
                    await group.Connection.DisposeAsync();
                }
            }
        }
        finally
        {
            turn.Release();
        }
    }

    private static async Task ExecuteAsync(Group group, string sql)
    {
        await using var command = group.Connection.CreateCommand();
        command.Transaction = group.Transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Group(SqliteConnection Connection, SqliteTransaction Transaction)
    {
        public List<TaskCompletionSource> Committed { get; } = [];
    }

    private sealed class Lifetime(SqliteWriteGroup owner, Group group) : ISessionLifetime
    {
        private bool ended;

        public async Task CommitAsync(CancellationToken ct)
        {
            await ExecuteAsync(group, "RELEASE session");
            var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            group.Committed.Add(durable);
            ended = true;
            await owner.FinishTurnAsync();
            await durable.Task;
        }

        public async ValueTask EndAsync()
        {
            if (ended)
            {
                return;
            }

            ended = true;
            try
            {
                await ExecuteAsync(group, "ROLLBACK TO session; RELEASE session");
            }
            finally
            {
                await owner.FinishTurnAsync();
            }
        }
    }
}
