using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>
/// The FHIR Task that asks for a NEWS2 escalation: requested of the patient's care team (or organisation) by whoever
/// recorded the set, focused on the score Observation, with the priority of the chart's response.
/// </summary>
public static class News2EscalationTask
{
    /// <summary>
    /// The Task for a complete score that <see cref="News2Score.RequiresEscalation"/>. <paramref name="scoreObservation"/>
    /// must have an id; patient, encounter, requester and time come from it. The description has the score and the
    /// response and never a name, since a task list shows it to everyone on the ward.
    /// </summary>
    public static Hl7.Fhir.Model.Task Create(News2Score score, Observation scoreObservation, ResourceReference? owner)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(scoreObservation);
        if (score.Response is not { } response || score.Total is not { } total)
        {
            throw new ArgumentException("Only a complete NEWS2 has an escalation; record the missing parameters first.", nameof(score));
        }

        if (!score.RequiresEscalation)
        {
            throw new ArgumentException($"NEWS2 {total} calls for {response.Response}, not an escalation.", nameof(score));
        }

        if (string.IsNullOrEmpty(scoreObservation.Id) || scoreObservation.Subject is null)
        {
            throw new ArgumentException("The score Observation needs an id and a subject.", nameof(scoreObservation));
        }

        return new Hl7.Fhir.Model.Task
        {
            Meta = new Meta { Profile = [ObservationContext.UkCoreProfile("Task")] },
            Status = Hl7.Fhir.Model.Task.TaskStatus.Requested,
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Order,
            Priority = Priority(response.Risk),
            Code = new CodeableConcept { Text = "NEWS2 escalation" },
            Description = Description(total, score.AnySingleParameterScored3, response),
            Focus = new ResourceReference($"Observation/{scoreObservation.Id}"),
            For = (ResourceReference)scoreObservation.Subject.DeepCopy(),
            Encounter = (ResourceReference?)scoreObservation.Encounter?.DeepCopy(),
            AuthoredOnElement = scoreObservation.Effective as FhirDateTime is { } effective ? (FhirDateTime)effective.DeepCopy() : null,
            Requester = (ResourceReference?)scoreObservation.Performer.FirstOrDefault()?.DeepCopy(),
            Owner = (ResourceReference?)owner?.DeepCopy(),
        };
    }

    /// <summary>The chart's urgent ward-based response is urgent, its urgent response asap and its emergency response stat.</summary>
    public static RequestPriority Priority(ClinicalRisk risk) => risk switch
    {
        ClinicalRisk.High => RequestPriority.Stat,
        ClinicalRisk.Medium => RequestPriority.Asap,
        ClinicalRisk.LowMedium => RequestPriority.Urgent,
        _ => RequestPriority.Routine,
    };

    private static string Description(int total, bool anySingle3, ClinicalResponse response)
    {
        var three = anySingle3 && response.Risk == ClinicalRisk.LowMedium ? ", with 3 in a single parameter" : string.Empty;
        return $"NEWS2 {total}{three}: {RiskName(response.Risk)} clinical risk. {Capitalise(response.Response)}; observations {response.MonitoringFrequency}.";
    }

    private static string RiskName(ClinicalRisk risk) => risk switch
    {
        ClinicalRisk.High => "high",
        ClinicalRisk.Medium => "medium",
        ClinicalRisk.LowMedium => "low–medium",
        _ => "low",
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
