namespace Leodis.Server.Demo;

/// <summary>
/// Sends bundles with up to N in flight, so generation, parsing and the database overlap. The hospital bundle goes
/// alone and first: patients refer to its resources, and servers that check references need them to exist.
/// The first failure stops the run: later writes and <see cref="CompleteAsync"/> throw it.
/// </summary>
public abstract class ConcurrentBundleSink(int concurrency) : ICohortSink
{
    private readonly SemaphoreSlim slots = new(Math.Max(1, concurrency));
    private readonly List<Task> inFlight = [];
    private Exception? failure;

    public async Task WriteAsync(CohortBundle bundle, CancellationToken ct)
    {
        if (bundle.IsHospital)
        {
            await CompleteAsync(ct);
            await SendAsync(bundle, ct);
            return;
        }

        await slots.WaitAsync(ct);
        ThrowIfFailed();
        lock (inFlight)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(Task.Run(() => SendReleasingAsync(bundle, ct), ct));
        }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
        }

        await Task.WhenAll(pending).WaitAsync(ct);
        ThrowIfFailed();
    }

    public virtual ValueTask DisposeAsync()
    {
        slots.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes one bundle as a transaction; throws when the receiver did not commit it.</summary>
    protected abstract Task SendAsync(CohortBundle bundle, CancellationToken ct);

    private async Task SendReleasingAsync(CohortBundle bundle, CancellationToken ct)
    {
        try
        {
            await SendAsync(bundle, ct);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
        }
        finally
        {
            slots.Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (failure is { } e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }
}
