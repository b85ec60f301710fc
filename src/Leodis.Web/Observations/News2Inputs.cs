namespace Leodis.Web.Observations;

/// <summary>
/// One set of observations as a nurse records them for NEWS2. A parameter left null was not recorded, and the score is
/// then incomplete rather than scored as 0. Units are the chart's: breaths and beats per minute, %, mmHg and °C.
/// </summary>
public sealed partial record News2Inputs
{
    public decimal? RespirationRate { get; init; }

    public decimal? OxygenSaturation { get; init; }

    /// <summary>Scale 1 unless a clinician has prescribed scale 2; it says how SpO2 is scored and is never missing.</summary>
    public SpO2Scale SpO2Scale { get; init; } = SpO2Scale.Scale1;

    public AirOrOxygen? AirOrOxygen { get; init; }

    public decimal? SystolicBloodPressure { get; init; }

    /// <summary>Recorded with the systolic pressure in the blood pressure panel; NEWS2 does not score it.</summary>
    public decimal? DiastolicBloodPressure { get; init; }

    public decimal? Pulse { get; init; }

    public Consciousness? Consciousness { get; init; }

    public decimal? Temperature { get; init; }
}
