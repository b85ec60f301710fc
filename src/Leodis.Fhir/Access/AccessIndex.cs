using Hl7.Fhir.Model;
using Leodis.Fhir.Search;

namespace Leodis.Fhir.Access;

/// <summary>
/// The index rows the access gate reads, written with every resource beside its search rows (so they are current,
/// reindexed and bulk-loaded the same way): the patients a resource belongs to, its security labels, and for the
/// resources that make a legitimate relationship (an encounter, episode, care team, referral, GP registration) the
/// patient, the parties (organisations, services, practitioners) and when it ended. No client can search these keys.
/// </summary>
public static class AccessIndex
{
    /// <summary>search_reference: the Patients whose compartment holds the resource (not on Patient itself).</summary>
    public static readonly int PatientKey = SearchParameterDefinition.StableKey("Leodis", "access-patient");

    /// <summary>search_token: the resource's meta.security labels.</summary>
    public static readonly int SecurityKey = SearchParameterDefinition.StableKey("Leodis", "access-security");

    /// <summary>search_reference: the Patient a relationship resource relates to.</summary>
    public static readonly int RelationshipPatientKey = SearchParameterDefinition.StableKey("Leodis", "access-relationship-patient");

    /// <summary>search_reference: the parties of a relationship (on a Patient: its GP and managing organisation).</summary>
    public static readonly int PartyKey = SearchParameterDefinition.StableKey("Leodis", "access-party");

    /// <summary>search_date: when a relationship ended; none while it lasts.</summary>
    public static readonly int EndKey = SearchParameterDefinition.StableKey("Leodis", "access-end");

    public static void Add(Resource resource, ResourceIndex index)
    {
        foreach (var label in resource.Meta?.Security ?? [])
        {
            index.Tokens.Add(new TokenRow(SecurityKey, label.System, label.Code, null));
        }

        var type = resource.TypeName;
        if (type != "Patient")
        {
            var keys = CompartmentDefinitions.Default.Parameters("Patient", type).Select(code => SearchParameterDefinition.StableKey(type, code)).ToHashSet();
            var patients = index.References
                .Where(r => keys.Contains(r.Param) && r is { TargetType: "Patient", TargetId: not null })
                .Select(r => r.TargetId!)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            index.References.AddRange(patients.Select(id => new ReferenceRow(PatientKey, "Patient", id, null)));
        }

        if (Relationship(resource) is not { } relationship)
        {
            return;
        }

        foreach (var patient in relationship.Patient is null ? [] : ValueExtractor.References(RelationshipPatientKey, relationship.Patient))
        {
            if (patient is { TargetType: "Patient", TargetId: not null })
            {
                index.References.Add(patient);
            }
        }

        foreach (var party in relationship.Parties.OfType<ResourceReference>())
        {
            index.References.AddRange(ValueExtractor.References(PartyKey, party).Where(r => r.TargetId is not null));
        }

        if (relationship.Ended is { } ended && ValueExtractor.Date(ended) is { } range)
        {
            index.Dates.Add(new DateRow(EndKey, range.Low, range.High));
        }
    }

    private sealed record RelationshipFacts(ResourceReference? Patient, IEnumerable<ResourceReference?> Parties, DataType? Ended);

    /// <summary>Who a resource puts in a relationship with its patient, and until when; null when it makes none.</summary>
    private static RelationshipFacts? Relationship(Resource resource) => resource switch
    {
        Patient patient => new(null, [.. patient.GeneralPractitioner, patient.ManagingOrganization], null),
        Encounter { Status: not (Encounter.EncounterStatus.Cancelled or Encounter.EncounterStatus.EnteredInError) } encounter => new(
            encounter.Subject,
            [encounter.ServiceProvider, .. encounter.Participant.Select(p => p.Individual)],
            encounter.Status is Encounter.EncounterStatus.Finished ? Ended(encounter.Period?.EndElement, resource) : null),
        EpisodeOfCare { Status: not (EpisodeOfCare.EpisodeOfCareStatus.Cancelled or EpisodeOfCare.EpisodeOfCareStatus.EnteredInError) } episode => new(
            episode.Patient,
            [episode.ManagingOrganization, episode.CareManager, .. episode.Team],
            episode.Status is EpisodeOfCare.EpisodeOfCareStatus.Finished ? Ended(episode.Period?.EndElement, resource) : null),
        CareTeam { Status: not CareTeam.CareTeamStatus.EnteredInError } team => new(
            team.Subject,
            [.. team.Participant.Select(p => p.Member), .. team.Participant.Select(p => p.OnBehalfOf), .. team.ManagingOrganization],
            team.Status is CareTeam.CareTeamStatus.Inactive || team.Period?.End is not null ? Ended(team.Period?.EndElement, resource) : null),
        ServiceRequest { Status: not (RequestStatus.Revoked or RequestStatus.EnteredInError) } referral => new(
            referral.Subject,
            referral.Performer,
            referral.Status is RequestStatus.Completed ? Ended(null, resource) : null),
        _ => null,
    };

    /// <summary>The end as recorded, or else the time the resource was last changed (when it was marked ended).</summary>
    private static DataType? Ended(FhirDateTime? end, Resource resource) =>
        end?.Value is not null ? end : resource.Meta?.LastUpdated is { } updated ? new Instant(updated) : null;
}
