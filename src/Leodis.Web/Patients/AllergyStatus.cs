using Hl7.Fhir.Model;

namespace Leodis.Web.Patients;

/// <summary>
/// What the record says about allergies. "No known allergies" is a clinical statement someone recorded (SNOMED
/// 716186003 in an AllergyIntolerance); "Allergies not recorded" means nobody has asked or written it down. The banner
/// shows which, because prescribing on the second as if it were the first is how people come to harm.
/// </summary>
public sealed record AllergyStatus(AllergyStatusKind Kind, IReadOnlyList<string> Allergies)
{
    /// <summary>SNOMED CT "No known allergy".</summary>
    public const string NoKnownAllergy = "716186003";

    private const string Snomed = "http://snomed.info/sct";

    /// <summary>The status from a patient's AllergyIntolerance resources; entered-in-error, refuted and resolved ones do not count.</summary>
    public static AllergyStatus From(IEnumerable<AllergyIntolerance> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var current = recorded.Where(IsCurrent).ToList();
        var allergies = current.Where(a => !IsNoKnownAllergy(a)).Select(Describe).Distinct(StringComparer.Ordinal).ToList();
        if (allergies.Count > 0)
        {
            return new AllergyStatus(AllergyStatusKind.Allergies, allergies);
        }

        return current.Any(IsNoKnownAllergy)
            ? new AllergyStatus(AllergyStatusKind.NoKnownAllergies, [])
            : new AllergyStatus(AllergyStatusKind.NotRecorded, []);
    }

    /// <summary>The words the banner shows.</summary>
    public string Summary => Kind switch
    {
        AllergyStatusKind.NoKnownAllergies => "No known allergies",
        AllergyStatusKind.NotRecorded => "Allergies not recorded",
        _ => string.Join("; ", Allergies),
    };

    private static bool IsNoKnownAllergy(AllergyIntolerance allergy) =>
        allergy.Code?.Coding.Any(c => c.System == Snomed && c.Code == NoKnownAllergy) == true;

    private static bool IsCurrent(AllergyIntolerance allergy)
    {
        var verification = allergy.VerificationStatus?.Coding.FirstOrDefault()?.Code;
        var clinical = allergy.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        return verification is not ("entered-in-error" or "refuted") && clinical is not ("inactive" or "resolved");
    }

    private static string Describe(AllergyIntolerance allergy)
    {
        var substance = allergy.Code?.Text ?? allergy.Code?.Coding.FirstOrDefault()?.Display ?? "Unnamed allergy";
        var reactions = allergy.Reaction.SelectMany(r => r.Manifestation).Select(m => m.Text ?? m.Coding.FirstOrDefault()?.Display).OfType<string>().ToList();
        var critical = allergy.Criticality == AllergyIntolerance.AllergyIntoleranceCriticality.High ? " (high criticality)" : string.Empty;
        return reactions.Count == 0 ? substance + critical : $"{substance}{critical}: {string.Join(", ", reactions).ToLowerInvariant()}";
    }
}
