namespace Leodis.Fhir.Storage;

/// <summary>
/// A page of history, newest first. <see cref="Before"/> is the sequence number the previous page ended at: newer writes
/// always take higher sequence numbers, so a page never shifts while others write.
/// </summary>
public sealed record HistoryQuery(string? ResourceType, string? Id, DateTimeOffset? Since, int Count, long? Before)
{
    /// <summary>A condition on the current version (resources aliased r) each entry's resource must meet to be listed.</summary>
    public SqlQuery? Visible { get; init; }
}

/// <summary>A page of history entries; <see cref="HasMore"/> says whether a next page exists.</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, bool HasMore);

/// <summary>A resource version with its place in the server's history.</summary>
public sealed record HistoryEntry(long Sequence, StoredResource Resource);
