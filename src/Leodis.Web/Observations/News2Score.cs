namespace Leodis.Web.Observations;

/// <summary>
/// A NEWS2 result: the sub-score of each parameter that could be scored, the parameters that could not, and the total
/// and clinical response, which exist only when all seven were scored.
/// </summary>
public sealed class News2Score
{
    private static readonly News2Parameter[] AllParameters = Enum.GetValues<News2Parameter>();

    public News2Score(IReadOnlyDictionary<News2Parameter, int> subScores, SpO2Scale spO2Scale)
    {
        ArgumentNullException.ThrowIfNull(subScores);
        if (subScores.Values.Any(s => s is < 0 or > 3))
        {
            throw new ArgumentOutOfRangeException(nameof(subScores), "A NEWS2 sub-score is 0 to 3.");
        }

        SubScores = AllParameters.Where(subScores.ContainsKey).ToDictionary(p => p, p => subScores[p]);
        Missing = AllParameters.Where(p => !subScores.ContainsKey(p)).ToList();
        SpO2Scale = spO2Scale;
    }

    /// <summary>Sub-scores (0–3) of the parameters that were scored, in the chart's order.</summary>
    public IReadOnlyDictionary<News2Parameter, int> SubScores { get; }

    /// <summary>
    /// Parameters with no sub-score: not recorded, or SpO2 of 93% or more on scale 2 with air or oxygen not recorded,
    /// which the chart cannot score.
    /// </summary>
    public IReadOnlyList<News2Parameter> Missing { get; }

    public SpO2Scale SpO2Scale { get; }

    public bool IsComplete => Missing.Count == 0;

    /// <summary>The NEWS2 score, 0–20; null when incomplete, because a missing parameter is not a 0.</summary>
    public int? Total => IsComplete ? RecordedTotal : null;

    /// <summary>The sum of the sub-scores there are; a lower bound of the total while the score is incomplete.</summary>
    public int RecordedTotal => SubScores.Values.Sum();

    public bool AnySingleParameterScored3 => SubScores.Values.Contains(3);

    /// <summary>The chart's clinical response; null when incomplete.</summary>
    public ClinicalResponse? Response => IsComplete ? ClinicalResponse.For(RecordedTotal, AnySingleParameterScored3) : null;

    /// <summary>
    /// Total 5 or more, or 3 in any single parameter. Sub-scores only add, so this is already true of an incomplete score
    /// whose recorded parameters reach it: a missing temperature does not hide a respiratory rate of 30.
    /// </summary>
    public bool RequiresEscalation => RecordedTotal >= 5 || AnySingleParameterScored3;

    public int? SubScore(News2Parameter parameter) => SubScores.TryGetValue(parameter, out var score) ? score : null;
}
