using Leodis.Web.Observations;

namespace Leodis.Web.Trends;

/// <summary>
/// The shaded range on a chart: the laboratory's reference range when the results carry one; for vital signs, which
/// carry none, the range that scores 0 on the RCP NEWS2 chart (scale 1), which is what a ward reads as "normal".
/// </summary>
public sealed record ReferenceBand(decimal? Low, decimal? High, string Label)
{
    private static readonly Dictionary<string, ReferenceBand> VitalSigns = new(StringComparer.Ordinal)
    {
        [News2Codes.RespiratoryRate.Code] = new(12, 20, "NEWS2 score 0: 12–20 per minute"),
        [News2Codes.RespiratoryRateLoinc.Code] = new(12, 20, "NEWS2 score 0: 12–20 per minute"),
        [News2Codes.OxygenSaturation.Code] = new(96, 100, "NEWS2 score 0 (scale 1): 96% or more"),
        [News2Codes.OxygenSaturationLoinc.Code] = new(96, 100, "NEWS2 score 0 (scale 1): 96% or more"),
        [News2Codes.BloodPressure.Code] = new(111, 219, "Systolic, NEWS2 score 0: 111–219 mmHg"),
        [News2Codes.BloodPressureLoinc.Code] = new(111, 219, "Systolic, NEWS2 score 0: 111–219 mmHg"),
        [News2Codes.HeartRate.Code] = new(51, 90, "NEWS2 score 0: 51–90 per minute"),
        [News2Codes.HeartRateLoinc.Code] = new(51, 90, "NEWS2 score 0: 51–90 per minute"),
        [News2Codes.PulseRate.Code] = new(51, 90, "NEWS2 score 0: 51–90 per minute"),
        [News2Codes.BodyTemperature.Code] = new(36.1m, 38.0m, "NEWS2 score 0: 36.1–38.0 °C"),
        [News2Codes.BodyTemperatureLoinc.Code] = new(36.1m, 38.0m, "NEWS2 score 0: 36.1–38.0 °C"),
        [News2Codes.TotalScore.Code] = new(0, 4, "Low clinical risk: aggregate 0–4"),
    };

    /// <summary>The vital-sign band for a code, or null for anything else.</summary>
    public static ReferenceBand? ForVitalSign(string code) => VitalSigns.GetValueOrDefault(code);
}
