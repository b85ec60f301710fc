using Microsoft.Data.Sqlite;

namespace Leodis.Fhir.Storage.Sqlite;

/// <summary>
/// Group commit for SQLite. Write sessions take turns on one connection inside one transaction, each within a
/// savepoint of its own; when a session ends and no other is waiting (or the group is large), the transaction commits
/// with one flush for all of them. A session's commit returns only after that flush, so an acknowledged write is on
/// disk, but a thousand writers pay for one fsync instead of a thousand.
/// The connection stays open between groups with its statements compiled (<see cref="SqliteStatements"/>); after any
/// failure it is closed and the next group opens a fresh one.
/// </summary>
internal sealed class SqliteWriteGroup(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    private const int MaxSessionsPerCommit = 200;

    private readonly SemaphoreSlim turn = new(1, 1);
    private int waiting;
    private Group? current;
    private Writer? writer;

    public async Task<SqlStoreSession> BeginAsync(SqlDialect dialect)
    {
        Interlocked.Increment(ref waiting);

        // Never cancelled: a waiter always takes its turn, so the last session of a group is always there to commit it.
        await turn.WaitAsync(CancellationToken.None);
        Interlocked.Decrement(ref waiting);
        try
        {
            var active = writer ??= await Writer.OpenAsync(open);
            if (current is null)
            {
                current = new Group(active, active.Connection.BeginTransaction(deferred: false));
                active.Statements.Enlist(current.Transaction);
            }

            await active.Statements.Savepoint.ExecuteNonQueryAsync();
            return new SqlStoreSession(active.Connection, current.Transaction, dialect, new Lifetime(this, current), active.Statements);
        }
        catch
        {
            await FinishTurnAsync(failed: true);
            throw;
        }
    }

    public void Dispose()
    {
        writer?.Dispose();
        turn.Dispose();
    }

    /// <summary>
    /// Called by the session holding the turn as it ends: commit the group if nobody else is about to join. After a
    /// failure of the session's own savepoint handling the state of the transaction is unknown, so the whole group is
    /// rolled back (none of its sessions has been answered yet: each waits for the commit) and the connection replaced.
    /// </summary>
    private async Task FinishTurnAsync(bool failed = false)
    {
        try
        {
            if (current is { } group && (failed || Volatile.Read(ref waiting) == 0 || group.Committed.Count >= MaxSessionsPerCommit))
            {
                current = null;
                try
                {
                    if (failed)
                    {
                        throw new InvalidOperationException("A write session of this group failed to end cleanly; the group is rolled back.");
                    }

                    await group.Transaction.CommitAsync();
                    group.Committed.ForEach(c => c.TrySetResult());
                }
                catch (Exception e)
                {
                    group.Committed.ForEach(c => c.TrySetException(e));
                    failed = true;
                }
                finally
                {
                    group.Writer.Statements.Enlist(null);
                    await group.Transaction.DisposeAsync();
                }
            }

            if (failed && writer is not null)
            {
                writer.Dispose();
                writer = null;
            }
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>The writer's connection and its compiled statements.</summary>
    private sealed class Writer(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public SqliteStatements Statements { get; } = new(connection);

        public static async Task<Writer> OpenAsync(Func<CancellationToken, Task<SqliteConnection>> open) =>
            new(await open(CancellationToken.None));

        public void Dispose()
        {
            Statements.Dispose();
            Connection.Dispose();
        }
    }

    private sealed record Group(Writer Writer, SqliteTransaction Transaction)
    {
        public List<TaskCompletionSource> Committed { get; } = [];
    }

    private sealed class Lifetime(SqliteWriteGroup owner, Group group) : ISessionLifetime
    {
        private bool ended;

        public async Task CommitAsync(CancellationToken ct)
        {
            try
            {
                await group.Writer.Statements.Release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch
            {
                ended = true;
                await owner.FinishTurnAsync(failed: true);
                throw;
            }

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
            var failed = false;
            try
            {
                await group.Writer.Statements.RollBack.ExecuteNonQueryAsync();
                await group.Writer.Statements.Release.ExecuteNonQueryAsync();
            }
            catch
            {
                failed = true;
                throw;
            }
            finally
            {
                await owner.FinishTurnAsync(failed);
            }
        }
    }
}
