namespace Leodis.Web.Patients;

/// <summary>One line of the timeline: an encounter, a set of observations taken together, a problem, a letter...</summary>
public sealed record TimelineEntry(DateTimeOffset When, TimelineKind Kind, string Title, string? Detail, string? Specialty, string? Link);
