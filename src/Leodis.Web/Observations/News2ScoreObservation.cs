using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>
/// The NEWS2 total score Observation (UK Core EarlyWarningTotalScore): the total as its value, the seven sub-scores as
/// components and the observations it was scored from in <c>derivedFrom</c>; and reading one back.
/// </summary>
public static class News2ScoreObservation
{
    private static readonly News2Parameter[] Parameters = Enum.GetValues<News2Parameter>();

    /// <summary>
    /// The score Observation. Only a complete score has one: a total without all seven parameters is not a NEWS2.
    /// <paramref name="derivedFrom"/> must already have ids, since they are referenced as Observation/id.
    /// </summary>
    public static Observation Create(News2Score score, ObservationContext context, IEnumerable<Observation> derivedFrom)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(derivedFrom);
        if (score.Total is not { } total)
        {
            throw new ArgumentException($"NEWS2 is incomplete, missing: {string.Join(", ", score.Missing)}.", nameof(score));
        }

        var sources = derivedFrom.ToList();
        if (sources.Any(o => string.IsNullOrEmpty(o.Id)))
        {
            throw new ArgumentException("Every observation the score derives from needs an id to be referenced.", nameof(derivedFrom));
        }

        var observation = context.NewObservation("Observation-EarlyWarningTotalScore", "survey", "Survey");
        observation.Code = News2Codes.TotalScore.ToConcept();
        observation.Value = Score(total);
        observation.Component = score.SubScores
            .Select(s => new Observation.ComponentComponent { Code = News2Codes.ScoreOf(s.Key, score.SpO2Scale).ToConcept(), Value = Score(s.Value) })
            .ToList();
        observation.DerivedFrom = sources.Select(o => new ResourceReference($"{o.TypeName}/{o.Id}")).ToList();
        return observation;
    }

    /// <summary>Whether <paramref name="observation"/> is a NEWS2 total score.</summary>
    public static bool IsNews2Score(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return News2Codes.TotalScore.In(observation.Code);
    }

    /// <summary>
    /// The score recorded in a NEWS2 total score Observation, from its sub-score components (so the response band and
    /// "any single 3" come back too); null if it is not one. A component missing or unreadable leaves that parameter missing.
    /// </summary>
    public static News2Score? Read(Observation observation)
    {
        if (!IsNews2Score(observation))
        {
            return null;
        }

        var scale = observation.Component.Any(c => News2Codes.OxygenSaturationScale2Score.In(c.Code)) ? SpO2Scale.Scale2 : SpO2Scale.Scale1;
        var scores = new Dictionary<News2Parameter, int>();
        foreach (var parameter in Parameters)
        {
            var code = News2Codes.ScoreOf(parameter, scale);
            var component = observation.Component.FirstOrDefault(c => code.In(c.Code));
            if (ReadScore(component?.Value) is { } value and >= 0 and <= 3)
            {
                scores[parameter] = value;
            }
        }

        return new News2Score(scores, scale);
    }

    /// <summary>The SpO2 scale a NEWS2 total score Observation was scored on; null if it is not one.</summary>
    public static SpO2Scale? ReadScale(Observation observation) => Read(observation)?.SpO2Scale;

    // UK Core's example writes scores as UCUM {ScoreOf} quantities; NHS England's NEWS2 guidance uses valueInteger.
    private static int? ReadScore(DataType? value) => value switch
    {
        Quantity { Value: { } q } when q is >= 0 and <= 3 && q == decimal.Truncate(q) => (int)q,
        Integer { Value: { } i } => i,
        _ => null,
    };

    private static Quantity Score(int score) => new() { Value = score, Unit = "ScoreOf", System = ClinicalCode.Ucum, Code = "{ScoreOf}" };
}
