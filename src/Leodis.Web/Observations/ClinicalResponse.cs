namespace Leodis.Web.Observations;

/// <summary>
/// A row of the RCP's NEWS2 clinical response chart: the risk, the response it triggers and how often observations are
/// then due. <see cref="ObservationsDueEvery"/> is what a ward list adds to the time of the last set to say when the next
/// is due.
/// </summary>
public sealed record ClinicalResponse(
    ClinicalRisk Risk, string Trigger, string Response, string MonitoringFrequency, TimeSpan ObservationsDueEvery, bool ContinuousMonitoring)
{
    public static readonly ClinicalResponse Score0 = new(
        ClinicalRisk.Low, "aggregate score 0", "continue routine NEWS monitoring", "minimum 12-hourly", TimeSpan.FromHours(12), false);

    // The chart says "minimum 4–6 hourly" and leaves the choice to the registered nurse; a due time has to pick one, and
    // the earlier one is the safe one.
    public static readonly ClinicalResponse Score1To4 = new(
        ClinicalRisk.Low, "aggregate score 1–4", "ward-based response: a registered nurse assesses the patient", "minimum 4–6-hourly", TimeSpan.FromHours(4), false);

    public static readonly ClinicalResponse SingleParameter3 = new(
        ClinicalRisk.LowMedium, "score of 3 in a single parameter", "urgent ward-based response: the registered nurse informs the medical team", "minimum 1-hourly", TimeSpan.FromHours(1), false);

    public static readonly ClinicalResponse Score5To6 = new(
        ClinicalRisk.Medium, "aggregate score 5–6", "urgent response: urgent assessment by a clinician competent in acute illness", "minimum 1-hourly", TimeSpan.FromHours(1), false);

    // Continuous monitoring has no interval: the next set is due at once, so the patient sorts first on a ward list.
    public static readonly ClinicalResponse Score7OrMore = new(
        ClinicalRisk.High, "aggregate score 7 or more", "emergency response: emergency assessment by a team with critical care competencies", "continuous monitoring of vital signs", TimeSpan.Zero, true);

    /// <summary>The chart's row for a complete score; the aggregate bands 5–6 and 7+ take precedence over a single 3.</summary>
    public static ClinicalResponse For(int total, bool anySingleParameterScored3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        return total switch
        {
            >= 7 => Score7OrMore,
            >= 5 => Score5To6,
            _ when anySingleParameterScored3 => SingleParameter3,
            >= 1 => Score1To4,
            _ => Score0,
        };
    }

    /// <summary>When the next set is due after one taken at <paramref name="takenAt"/>.</summary>
    public DateTimeOffset NextObservationsDue(DateTimeOffset takenAt) => takenAt + ObservationsDueEvery;
}
