namespace Leodis.Web.Patients;

/// <summary>One page of the timeline: its entries, newest first, and where the next (older) page starts, if there is one.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, DateTimeOffset? OlderThan);
