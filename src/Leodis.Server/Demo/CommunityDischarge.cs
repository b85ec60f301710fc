using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// Discharge to community services: the ward's referral (ServiceRequest to a community HealthcareService) and the
/// community trust's EpisodeOfCare that takes it on, active for six weeks after discharge and finished after that.
/// </summary>
internal static class CommunityDischarge
{
    public static void Add(PatientRecord record, Encounter stay, Condition reason, Clinician referrer, DateTimeOffset discharged)
    {
        var r = record.Random;
        var community = record.Hospital.Primary;
        var service = r.Pick(community.Services);
        var active = (record.Now - discharged).TotalDays < 42;
        var referral = record.Builder.Add(
            new ServiceRequest
            {
                Status = active ? RequestStatus.Active : RequestStatus.Completed,
                Intent = RequestIntent.Order,
                Category = [Term.Snomed("3457005", "Patient referral").ToConcept()],
                Priority = RequestPriority.Routine,
                Code = service.Setting.ToConcept(),
                Subject = record.Subject,
                Encounter = RecordBuilder.Ref(stay),
                AuthoredOnElement = new FhirDateTime(LondonTime.Format(discharged.AddHours(-r.Between(4, 30)))),
                Requester = referrer.Reference,
                Performer = [RecordBuilder.Ref(service.Service, service.Service.Name)],
                ReasonReference = [RecordBuilder.Ref(reason)],
                Note = [new Annotation { Text = service.Referral }],
            },
            "ServiceRequest");
        var start = new FhirDateTime(LondonTime.Format(discharged));
        record.Builder.Add(
            new EpisodeOfCare
            {
                Status = active ? EpisodeOfCare.EpisodeOfCareStatus.Active : EpisodeOfCare.EpisodeOfCareStatus.Finished,
                Type = [service.Setting.ToConcept()],
                Patient = record.Subject,
                ManagingOrganization = RecordBuilder.Ref(community.CommunityTrust, community.CommunityTrust.Name),
                Period = new Period { StartElement = start, EndElement = active ? null : new FhirDateTime(LondonTime.Format(discharged.AddDays(r.Between(10, 42)))) },
                ReferralRequest = [RecordBuilder.Ref(referral)],
                CareManager = r.Pick(community.Nurses).Reference,
            },
            "EpisodeOfCare");
    }
}
