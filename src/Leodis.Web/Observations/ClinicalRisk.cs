namespace Leodis.Web.Observations;

/// <summary>The clinical risk levels of the RCP's NEWS2 thresholds and triggers chart.</summary>
public enum ClinicalRisk
{
    Low,

    /// <summary>A score of 3 in any single parameter with an aggregate below 5 (the chart's "red score").</summary>
    LowMedium,
    Medium,
    High,
}
