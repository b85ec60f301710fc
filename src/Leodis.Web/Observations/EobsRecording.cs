using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>
/// One recorded eObs set ready to store: its observations and, when all seven parameters were recorded, the NEWS2 score
/// Observation derived from them, every resource with an id so the references hold in a transaction.
/// </summary>
public sealed record EobsRecording(IReadOnlyList<Observation> Observations, News2Score Score, Observation? ScoreObservation)
{
    /// <summary>Builds the set; <paramref name="newId"/> gives each resource its id (a GUID string in the server).</summary>
    public static EobsRecording Create(News2Inputs inputs, ObservationContext context, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(newId);
        var observations = VitalSignsObservations.Create(inputs, context);
        foreach (var observation in observations)
        {
            observation.Id = newId();
        }

        var score = News2Chart.Score(inputs);
        Observation? scoreObservation = null;
        if (score.IsComplete)
        {
            scoreObservation = News2ScoreObservation.Create(score, context, observations);
            scoreObservation.Id = newId();
        }

        return new EobsRecording(observations, score, scoreObservation);
    }

    /// <summary>The observations and then the score Observation, if there is one.</summary>
    public IEnumerable<Observation> Resources => ScoreObservation is null ? Observations : Observations.Append(ScoreObservation);

    /// <summary>The escalation Task, or null when the score is incomplete or does not require one.</summary>
    public Hl7.Fhir.Model.Task? EscalationTask(ResourceReference? owner, string id)
    {
        if (ScoreObservation is null || !Score.RequiresEscalation)
        {
            return null;
        }

        var task = News2EscalationTask.Create(Score, ScoreObservation, owner);
        task.Id = id;
        return task;
    }
}
