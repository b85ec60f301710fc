using System.Collections.Concurrent;
using System.Diagnostics;

namespace Leodis.Hl7v2.Delivery;

/// <summary>The feed's counters since start: what arrived, what was applied or refused, what is waiting and how late.</summary>
public sealed class Hl7v2Counters
{
    private readonly ConcurrentDictionary<long, long> inFlight = new();
    private long nextTicket;
    private long received;
    private long applied;
    private long duplicates;
    private long errored;
    private long rejected;
    private long connections;
    private long lastLagTicks;

    /// <summary>Whether the MLLP listener is bound and accepting.</summary>
    public bool Listening { get; set; }

    /// <summary>The port the listener is bound to (useful when configured as 0).</summary>
    public int Port { get; set; }

    /// <summary>Counts a message in; dispose the ticket when it has been answered.</summary>
    public Ticket Receive()
    {
        Interlocked.Increment(ref received);
        var id = Interlocked.Increment(ref nextTicket);
        inFlight[id] = Stopwatch.GetTimestamp();
        return new Ticket(this, id);
    }

    public void Applied() => Interlocked.Increment(ref applied);

    public void Duplicate() => Interlocked.Increment(ref duplicates);

    public void Errored() => Interlocked.Increment(ref errored);

    public void Rejected() => Interlocked.Increment(ref rejected);

    public void ConnectionOpened() => Interlocked.Increment(ref connections);

    public void ConnectionClosed() => Interlocked.Decrement(ref connections);

    public Hl7v2Snapshot Snapshot()
    {
        var now = Stopwatch.GetTimestamp();
        var oldest = inFlight.Values.DefaultIfEmpty(now).Min();
        return new Hl7v2Snapshot(
            Listening,
            Port,
            Interlocked.Read(ref connections),
            Interlocked.Read(ref received),
            Interlocked.Read(ref applied),
            Interlocked.Read(ref duplicates),
            Interlocked.Read(ref errored),
            Interlocked.Read(ref rejected),
            inFlight.Count,
            (long)Stopwatch.GetElapsedTime(oldest, now).TotalMilliseconds,
            (long)TimeSpan.FromTicks(Interlocked.Read(ref lastLagTicks)).TotalMilliseconds);
    }

    /// <summary>One message between arrival and answer: the queue depth counts it until it is disposed.</summary>
    public readonly struct Ticket(Hl7v2Counters counters, long id) : IDisposable
    {
        public void Dispose()
        {
            if (counters.inFlight.TryRemove(id, out var started))
            {
                Interlocked.Exchange(ref counters.lastLagTicks, Stopwatch.GetElapsedTime(started).Ticks);
            }
        }
    }
}

/// <summary>
/// The counters at one moment. QueueDepth: messages received and not yet answered; OldestWaitingMilliseconds: how
/// long the oldest of them has waited (the feed's lag); LastLagMilliseconds: arrival to answer for the last message.
/// </summary>
public sealed record Hl7v2Snapshot(
    bool Listening,
    int Port,
    long Connections,
    long Received,
    long Applied,
    long Duplicates,
    long Errored,
    long Rejected,
    int QueueDepth,
    long OldestWaitingMilliseconds,
    long LastLagMilliseconds);
