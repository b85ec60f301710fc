namespace Leodis.Fhir.Import;

/// <summary>A bulk import job as stored: <see cref="ImportJobStatus"/> values, its source key and its state.</summary>
public sealed record ImportJob(string Id, string Source, string Status, DateTimeOffset Created, DateTimeOffset Updated, ImportJobState State)
{
    public bool IsFinished => Status is ImportJobStatus.Completed or ImportJobStatus.Failed or ImportJobStatus.Cancelled;
}

/// <summary>The states of an import job: queued, then running (with an owner holding a lease), then one of the last three.</summary>
public static class ImportJobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
