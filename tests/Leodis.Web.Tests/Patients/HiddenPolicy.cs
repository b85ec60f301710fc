using Leodis.Fhir.Access;

namespace Leodis.Web.Tests.Patients;

/// <summary>A hospital clinician's policy: they see patients with a relationship to their organisation, and none here has one.</summary>
public static class HiddenPolicy
{
    public static AccessPolicy Clinician() => new()
    {
        User = "dr.test",
        OrganizationCode = "TEST" + Guid.NewGuid().ToString("N")[..6],
        AllPatients = false,
        Allows = static (_, _) => true,
    };
}
