using Hl7.Fhir.Model;

namespace Leodis.Web.Wards;

/// <summary>How a list row names a patient, after NHS patient banner guidance: FAMILY name, Given name; NHS number 3 3 4.</summary>
public static class PatientLabel
{
    public const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

    /// <summary>"SMITH, John Paul" from the official (else first) name; "Name not recorded" when there is none.</summary>
    public static string Name(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        if (name is null)
        {
            return "Name not recorded";
        }

        var family = name.Family?.ToUpperInvariant();
        var given = string.Join(' ', name.Given);
        return (family, given) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{family}, {given}",
            ({ Length: > 0 }, _) => family,
            _ => given.Length > 0 ? given : name.Text ?? "Name not recorded",
        };
    }

    /// <summary>The NHS number as 3 3 4 digits, or null when the patient has none.</summary>
    public static string? NhsNumber(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var value = patient.Identifier.FirstOrDefault(i => i.System == NhsNumberSystem)?.Value;
        return value is { Length: 10 } ? $"{value[..3]} {value[3..6]} {value[6..]}" : value;
    }
}
