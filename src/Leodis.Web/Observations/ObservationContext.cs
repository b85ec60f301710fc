using System.Globalization;
using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>Who and when for one recorded set of observations: the patient, the encounter if any, who took them and when.</summary>
public sealed record ObservationContext(ResourceReference Patient, ResourceReference? Encounter, ResourceReference Performer, DateTimeOffset Effective)
{
    private const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>
    /// The effective time as a FHIR dateTime to the second, in the offset given: a set is charted to the minute, and
    /// sub-second digits would only make the same set look different on two servers.
    /// </summary>
    public FhirDateTime EffectiveDateTime => new(Effective.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    /// <summary>A new Observation with status final and this context; each reference is a copy, so resources never share one.</summary>
    internal Observation NewObservation(string profile, string? category, string? categoryDisplay) => new()
    {
        Meta = new Meta { Profile = [UkCoreProfile(profile)] },
        Status = ObservationStatus.Final,
        Category = category is null ? [] : [new ClinicalCode(CategorySystem, category, categoryDisplay ?? category).ToConcept()],
        Subject = (ResourceReference)Patient.DeepCopy(),
        Encounter = (ResourceReference?)Encounter?.DeepCopy(),
        Effective = EffectiveDateTime,
        Performer = [(ResourceReference)Performer.DeepCopy()],
    };

    internal static string UkCoreProfile(string name) => "https://fhir.hl7.org.uk/StructureDefinition/UKCore-" + name;
}
