namespace Leodis.Web.Observations;

/// <summary>A set just saved: its score, when it was taken, and the escalation Task it created (with its owner's name), if any.</summary>
public sealed record EobsSaved(News2Score Score, DateTimeOffset TakenAt, Hl7.Fhir.Model.Task? Escalation, string? OwnerName);
