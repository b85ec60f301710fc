namespace Leodis.Web.Wards;

/// <summary>
/// In-process news that a patient's observations or tasks changed, so a ward whiteboard open in another circuit of the
/// same server refreshes at once instead of waiting for its timer. Carries only the patient's id, never a name.
/// </summary>
public sealed class WardChanges
{
    /// <summary>Raised with the id of the Patient whose record changed; handlers must not block.</summary>
    public event Action<string>? Changed;

    public void Publish(string patientId) => Changed?.Invoke(patientId);
}
