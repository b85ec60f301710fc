namespace Leodis.LoadTool.Measurement;

/// <summary>
/// Every measured request of one operation on one worker: exact latencies (Stopwatch ticks, kept whole so
/// percentiles are exact), resources carried and errors by status. One per worker, so recording takes no lock.
/// </summary>
public sealed class OperationRecorder(string operation)
{
    public string Operation { get; } = operation;

    public List<long> LatencyTicks { get; } = new(16 * 1024);

    public long Resources { get; private set; }

    /// <summary>Requests that did not succeed.</summary>
    public long FailedRequests { get; private set; }

    /// <summary>Failures by status code or transport failure, plus failed batch entries under <see cref="FailedEntryKey"/>.</summary>
    public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public const string FailedEntryKey = "batch entries not 2xx";

    public void Record(in RequestOutcome outcome, long elapsedTicks)
    {
        LatencyTicks.Add(elapsedTicks);
        if (outcome.IsSuccess)
        {
            Resources += outcome.Resources;
        }
        else
        {
            FailedRequests++;
            Add(outcome.ErrorKey, 1);
        }

        if (outcome.FailedEntries > 0)
        {
            Add(FailedEntryKey, outcome.FailedEntries);
        }
    }

    /// <summary>Adds another worker's recordings of the same operation to this one.</summary>
    public void Merge(OperationRecorder other)
    {
        LatencyTicks.AddRange(other.LatencyTicks);
        Resources += other.Resources;
        FailedRequests += other.FailedRequests;
        foreach (var (key, count) in other.Errors)
        {
            Add(key, count);
        }
    }

    private void Add(string key, long count) => Errors[key] = Errors.GetValueOrDefault(key) + count;
}
