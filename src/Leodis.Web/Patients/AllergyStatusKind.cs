namespace Leodis.Web.Patients;

/// <summary>Whether allergies are recorded, recorded as none known, or not recorded at all.</summary>
public enum AllergyStatusKind
{
    NotRecorded,
    NoKnownAllergies,
    Allergies,
}
