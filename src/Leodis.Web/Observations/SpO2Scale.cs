namespace Leodis.Web.Observations;

/// <summary>Which of the NEWS2 chart's two oxygen saturation rows scores SpO2.</summary>
public enum SpO2Scale
{
    /// <summary>The default, for every patient not prescribed a lower target range.</summary>
    Scale1,

    /// <summary>
    /// Only for patients with hypercapnic respiratory failure whose prescribed target range is 88–92%, on a clinician's
    /// decision recorded in the notes; on this scale SpO2 of 93% or more scores only when the patient is on oxygen.
    /// </summary>
    Scale2,
}
