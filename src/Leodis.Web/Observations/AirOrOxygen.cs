namespace Leodis.Web.Observations;

/// <summary>The NEWS2 chart's "air or oxygen?" row: supplemental oxygen scores 2.</summary>
public enum AirOrOxygen
{
    Air,
    Oxygen,
}
