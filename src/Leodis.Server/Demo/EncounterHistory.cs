using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// A patient's contacts with the trust over the last three years: outpatient clinic visits (each with a letter to the
/// GP), Emergency Department attendances (with observations and bloods), and hospital stays, past and current.
/// </summary>
internal static class EncounterHistory
{
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    public static void Add(PatientRecord record)
    {
        AddOutpatientVisits(record);
        AddEmergencyAttendances(record);
        Admissions.Add(record);
    }

    /// <summary>A new encounter of class IMP, AMB or EMER with its consultant, place and service provider.</summary>
    public static Encounter Create(
        PatientRecord record, string classCode, Specialty specialty, Term type, Clinician consultant, DateTimeOffset start, DateTimeOffset? end,
        Location location, string locationType, Location? bed = null)
    {
        var classDisplay = classCode switch { "IMP" => "inpatient encounter", "EMER" => "emergency", _ => "ambulatory" };
        var finished = end is not null;
        var period = new Period
        {
            StartElement = new FhirDateTime(LondonTime.Format(start)),
            EndElement = end is { } e ? new FhirDateTime(LondonTime.Format(e)) : null,
        };
        var locationTypeDisplay = locationType switch { "E02" => "Ward", "E04" => "Emergency Care Department or Minor Injuries Department", _ => "Out-Patient Clinic" };
        var encounter = new Encounter
        {
            Status = finished ? Encounter.EncounterStatus.Finished : Encounter.EncounterStatus.InProgress,
            Class = new Coding(ActCode, classCode, classDisplay),
            Type = [type.ToConcept()],
            ServiceType = specialty.Service.ToConcept(),
            Subject = record.Subject,
            Participant =
            [
                new Encounter.ParticipantComponent
                {
                    Type = [Term.Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender")],
                    Individual = consultant.Reference,
                },
            ],
            Period = period,
            ServiceProvider = RecordBuilder.Ref(record.Hospital.Trust, record.Hospital.Trust.Name),
        };
        Location[] places = bed is null ? [location] : [location, bed];
        foreach (var place in places)
        {
            encounter.Location.Add(new Encounter.LocationComponent
            {
                Location = RecordBuilder.Ref(place, place.Name),
                Status = finished ? Encounter.EncounterLocationStatus.Completed : Encounter.EncounterLocationStatus.Active,
                PhysicalType = Term.Concept(UkCore.EncounterLocationTypeEngland, locationType, locationTypeDisplay),
                Period = (Period)period.DeepCopy(),
            });
        }

        return record.Builder.Add(encounter, "Encounter");
    }

    /// <summary>A visit to the Emergency Department, ending <paramref name="hours"/> after arrival; returns the encounter.</summary>
    public static Encounter EmergencyAttendance(PatientRecord record, DateTimeOffset arrived, double hours, Term reason, int severity, bool bloods)
    {
        var consultant = record.Random.Pick(record.Hospital.Consultants[Specialty.EmergencyMedicine]);
        var encounter = Create(
            record, "EMER", Specialty.EmergencyMedicine, Specialty.EmergencyMedicine.Clinic, consultant, arrived, arrived.AddHours(hours),
            record.Hospital.EmergencyDepartment, "E04");
        encounter.ReasonCode = [reason.ToConcept()];
        VitalSigns.Add(record, encounter, arrived.AddMinutes(record.Random.Between(5, 40)), severity, consultant);
        if (bloods)
        {
            LabResults.AddAdmissionBloods(record, encounter, arrived.AddMinutes(record.Random.Between(30, 90)), severity, neutropenic: false, kidneyDisease: HasKidneyDisease(record));
        }

        return encounter;
    }

    public static bool HasKidneyDisease(PatientRecord record) =>
        record.LongTermConditions.Any(c => c.Definition.Term.Code == "433144002");

    private static void AddOutpatientVisits(PatientRecord record)
    {
        var r = record.Random;
        var visits = r.Between(0, 1 + Math.Min(2, record.LongTermConditions.Count));
        for (var i = 0; i < visits; i++)
        {
            var (specialty, condition) = ClinicFor(record);
            var consultant = r.Pick(record.Hospital.Consultants[specialty]);
            var seen = record.DaysAgo(r.Between(14, 1000), 9, 16);
            var encounter = Create(record, "AMB", specialty, specialty.Clinic, consultant, seen, seen.AddMinutes(r.Between(15, 40)), record.Hospital.Clinics[specialty], "E01");
            if (condition is { } reason)
            {
                encounter.ReasonReference = [RecordBuilder.Ref(reason.Resource)];
            }

            var about = condition?.Definition.Term.Display.ToLowerInvariant() ?? "a review of general health";
            var findings = $"Reviewed for {about}. Stable since the last review; observations and examination unremarkable.";
            var plan = r.Chance(0.5) ? "Continue current treatment. Review in clinic in 12 months." : "Continue current treatment. Discharged back to GP care.";
            if (condition?.Definition.Term.Code == "44054006")
            {
                LabResults.AddHbA1c(record, encounter, seen.AddMinutes(-r.Between(20, 60)));
                plan = "HbA1c checked today. Continue metformin; dietary advice given. Review in 6 months.";
            }

            ClinicalDocuments.AddClinicLetter(record, encounter, specialty, consultant, seen, findings, plan);
        }
    }

    private static void AddEmergencyAttendances(PatientRecord record)
    {
        var r = record.Random;
        var attendances = r.NextDouble() switch { < 0.62 => 0, < 0.92 => 1, _ => 2 };
        for (var i = 0; i < attendances; i++)
        {
            var arrived = record.DaysAgo(r.Between(2, 1000), 0, 24);
            EmergencyAttendance(record, arrived, r.Between(90, 360) / 60.0, r.Pick(Catalogue.EmergencyAttendances), r.Chance(0.7) ? 0 : 1, r.Chance(0.35));
        }
    }

    /// <summary>The clinic a patient is most likely seen in, and the long-term condition it is for (if any).</summary>
    private static (Specialty Specialty, (LongTermCondition Definition, Condition Resource)? Condition) ClinicFor(PatientRecord record)
    {
        var r = record.Random;
        if (record.LongTermConditions.Count > 0 && r.Chance(0.8))
        {
            var condition = r.Pick(record.LongTermConditions);
            var specialty = condition.Definition.Term.Code switch
            {
                "49436004" or "84114007" or "414545008" or "38341003" => Specialty.Cardiology,
                "195967001" or "13645005" => Specialty.Respiratory,
                "52448006" => Specialty.CareOfTheElderly,
                _ when record.Age >= 80 => Specialty.CareOfTheElderly,
                _ => Specialty.GeneralMedicine,
            };
            return (specialty, condition);
        }

        return (r.Chance(0.5) ? Specialty.GeneralSurgery : Specialty.GeneralMedicine, null);
    }
}
