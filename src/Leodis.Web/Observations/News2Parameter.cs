namespace Leodis.Web.Observations;

/// <summary>The seven physiological parameters of the NEWS2 chart, in the chart's order.</summary>
public enum News2Parameter
{
    RespirationRate,
    OxygenSaturation,
    AirOrOxygen,
    SystolicBloodPressure,
    Pulse,
    Consciousness,
    Temperature,
}
