using Hl7.Fhir.Model;

namespace Leodis.Web.Patients;

/// <summary>
/// One alert on a patient's record, read from a FHIR Flag. The tier comes from the Flag's priority and category:
/// <list type="bullet">
/// <item>priority PH (high, the flag-priority extension) is <see cref="AlertTier.HighPriority"/> whatever its category;</item>
/// <item>category admin, contact or behavioral (flag-category) is <see cref="AlertTier.Administrative"/>;</item>
/// <item>anything else (clinical, safety, drug, lab, diet, or no category) is <see cref="AlertTier.Clinical"/>: an
/// alert nobody classified is shown where clinicians look, never hidden among the administrative ones.</item>
/// </list>
/// The demo cohort writes its alerts with these codes, so the demo and the banner agree.
/// </summary>
public sealed record PatientAlert(AlertTier Tier, string Text, string? Since, string? Id)
{
    /// <summary>The core extension that carries a Flag's priority.</summary>
    public const string PriorityExtension = "http://hl7.org/fhir/StructureDefinition/flag-priority";

    public const string PrioritySystem = "http://terminology.hl7.org/CodeSystem/flag-priority-code";
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/flag-category";

    private static readonly HashSet<string> AdministrativeCategories = new(StringComparer.Ordinal) { "admin", "contact", "behavioral" };

    /// <summary>The alert a Flag records, or null when it is no longer active.</summary>
    public static PatientAlert? From(Flag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.Status is not Flag.FlagStatus.Active)
        {
            return null;
        }

        var text = flag.Code?.Text ?? flag.Code?.Coding.FirstOrDefault(c => c.Display is not null)?.Display ?? "Alert";
        return new PatientAlert(TierOf(flag), text, flag.Period?.Start, flag.Id);
    }

    /// <summary>The tier of a Flag, by the mapping above.</summary>
    public static AlertTier TierOf(Flag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.GetExtensionValue<CodeableConcept>(PriorityExtension)?.Coding.Any(c => c.System == PrioritySystem && c.Code == "PH") == true)
        {
            return AlertTier.HighPriority;
        }

        var categories = flag.Category.SelectMany(c => c.Coding).Where(c => c.System == CategorySystem).Select(c => c.Code).ToList();
        return categories.Count > 0 && categories.All(c => c is not null && AdministrativeCategories.Contains(c)) ? AlertTier.Administrative : AlertTier.Clinical;
    }

    /// <summary>The priority extension of a Flag: PH high, PM medium, PL low, PN no alarm.</summary>
    public static Extension Priority(string code, string display) =>
        new(PriorityExtension, new CodeableConcept { Coding = [new Coding(PrioritySystem, code, display)], Text = display });

    /// <summary>A flag-category concept, for example "safety", "clinical" or "admin".</summary>
    public static CodeableConcept Category(string code, string display) =>
        new() { Coding = [new Coding(CategorySystem, code, display)], Text = display };
}
