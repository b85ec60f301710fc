using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>
/// One saved eObs set as a FHIR transaction: the observations, the NEWS2 score and the escalation Task if the score needs
/// one, all written or none, so a ward never sees a score without its observations or an escalation without its score.
/// </summary>
public static class EobsTransaction
{
    private static readonly ClinicalCode FlowRate = ClinicalCode.Lnc("3151-8", "Inhaled oxygen flow rate");

    /// <summary>
    /// The transaction for <paramref name="recording"/>; <paramref name="escalation"/> is its Task or null. The resources
    /// already have ids (GUIDs), so each goes in as an update-as-create and the references between them hold as written.
    /// </summary>
    public static Bundle Create(EobsRecording recording, Hl7.Fhir.Model.Task? escalation)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        IEnumerable<Resource> resources = recording.Resources;
        if (escalation is not null)
        {
            resources = resources.Append(escalation);
        }

        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{resource.Id}",
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        return bundle;
    }

    /// <summary>
    /// Adds how oxygen is given to the set's "patient on oxygen" observation: the flow rate as a component (LOINC, in
    /// L/min) and the device as text, since NEWS2 scores neither but the next nurse needs both.
    /// </summary>
    public static void AddOxygenDelivery(EobsRecording recording, string? device, decimal? litresPerMinute)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var onOxygen = recording.Observations.FirstOrDefault(o => News2Codes.PatientOnOxygen.In(o.Code));
        if (onOxygen is null)
        {
            return;
        }

        if (litresPerMinute is { } flow)
        {
            onOxygen.Component.Add(new Observation.ComponentComponent
            {
                Code = FlowRate.ToConcept(),
                Value = new Quantity { Value = flow, Unit = "L/min", System = ClinicalCode.Ucum, Code = "L/min" },
            });
        }

        if (!string.IsNullOrWhiteSpace(device))
        {
            onOxygen.Component.Add(new Observation.ComponentComponent
            {
                Code = new CodeableConcept { Text = "Oxygen delivery device" },
                Value = new CodeableConcept { Text = device.Trim() },
            });
        }
    }
}
