using Hl7.Fhir.Model;
using Leodis.Web.Observations;

namespace Leodis.Web.Wards;

/// <summary>
/// One current inpatient as a ward list shows them: where they are, since when, their latest NEWS2 this stay and when
/// the next set is due, and the tasks still open for them.
/// </summary>
public sealed record WardPatient(
    Patient Patient,
    Encounter Encounter,
    string? Ward,
    string? Bed,
    DateTimeOffset? Admitted,
    News2Score? LatestScore,
    DateTimeOffset? ScoredAt,
    DateTimeOffset? NextDue,
    IReadOnlyList<Hl7.Fhir.Model.Task> OpenTasks)
{
    public IReadOnlyList<Hl7.Fhir.Model.Task> EscalationTasks => OpenTasks.Where(IsEscalation).ToList();

    /// <summary>Due now or before <paramref name="now"/>; a patient with no NEWS2 this stay is due at once.</summary>
    public bool IsOverdue(DateTimeOffset now) => NextDue is not { } due || due <= now;

    public static bool IsEscalation(Hl7.Fhir.Model.Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return News2Codes.Escalation.In(task.Code);
    }
}
