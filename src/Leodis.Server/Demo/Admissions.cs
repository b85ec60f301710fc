using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// Hospital stays: most arrive through the Emergency Department, some are booked surgical admissions. A past stay has
/// observations that improve towards discharge, bloods, medicines, a discharge summary and sometimes a referral to
/// community services; a current stay (the patient is in a bed today) has observations every few hours up to the
/// reference time, active medicines and a ward care team.
/// </summary>
internal static class Admissions
{
    private static readonly HashSet<string> Infections = ["233604007", "68566005", "128045006", "91302008", "195951007", "409089005"];

    public static void Add(PatientRecord record)
    {
        var r = record.Random;
        var pastChance = record.Age switch { < 45 => 0.12, < 65 => 0.22, < 80 => 0.35, _ => 0.45 };
        if (r.Chance(pastChance))
        {
            var specialty = record.Age >= 80 && r.Chance(0.6)
                ? Specialty.CareOfTheElderly
                : r.Pick([Specialty.GeneralMedicine, Specialty.GeneralMedicine, Specialty.Cardiology, Specialty.Respiratory, Specialty.GeneralSurgery]);
            var ward = r.Pick(record.Hospital.Wards.Where(w => w.Specialty == specialty).ToList());
            var days = specialty == Specialty.CareOfTheElderly ? r.Between(3, 20) : r.Between(1, 12);
            var admitted = record.DaysAgo(r.Between(days + 14, 1000), 0, 24);
            Stay(record, ward, r.Pick(ward.Beds), admitted, admitted.AddDays(days).AddHours(r.Between(1, 8)), r.Pick(specialty.AdmissionReasons));
        }

        if (record.Slot is { Ward: { } currentWard, Bed: { } bed })
        {
            var admitted = record.Now.AddHours(-r.Between(6, 10 * 24));
            Stay(record, currentWard, bed, admitted, null, r.Pick(currentWard.Specialty.AdmissionReasons));
        }
    }

    private static void Stay(PatientRecord record, Ward ward, Location bed, DateTimeOffset admitted, DateTimeOffset? discharged, Term reason)
    {
        var r = record.Random;
        var specialty = ward.Specialty;
        var consultant = r.Pick(record.Hospital.Consultants[specialty]);
        var elective = specialty == Specialty.GeneralSurgery && discharged is not null && r.Chance(0.3);
        var deteriorating = discharged is null && r.Chance(0.15);
        var startSeverity = r.Between(1, 2);
        Encounter? emergency = null;
        if (!elective)
        {
            var arrived = admitted.AddHours(-r.Between(2, 8));
            emergency = EncounterHistory.EmergencyAttendance(record, arrived, (admitted - arrived).TotalHours, reason, startSeverity, bloods: false);
        }

        var encounter = EncounterHistory.Create(record, "IMP", specialty, Term.Snomed("185212007", "Seen in hospital ward"), consultant, admitted, discharged, ward.Location, "E02", bed);
        encounter.ReasonCode = [reason.ToConcept()];
        encounter.Hospitalization = new Encounter.HospitalizationComponent
        {
            Extension =
            [
                new Extension(UkCore.AdmissionMethod, elective
                    ? Term.Concept(UkCore.AdmissionMethodEngland, "12", "Elective Admission: Booked")
                    : Term.Concept(UkCore.AdmissionMethodEngland, "21", "Emergency Admission: Emergency Care Department or dental casualty department of the Health Care Provider")),
            ],
            AdmitSource = Term.Concept(UkCore.SourceOfAdmissionEngland, "19", "Usual place of residence unless listed below, for example, a private dwelling whether owner occupied or owned by Local Authority, housing association or other landlord. This includes wardened accommodation but not residential accommodation where health care is provided. It also includes Patients with no fixed abode."),
        };
        if (discharged is not null)
        {
            encounter.Extension.Add(new Extension(UkCore.DischargeMethod, Term.Concept(UkCore.DischargeMethodEngland, "1", "Patient discharged on clinical advice or with clinical consent")));
            encounter.Hospitalization.DischargeDisposition = Term.Concept(UkCore.DischargeDestinationEngland, "19", "Usual place of residence unless listed below, for example, a private dwelling whether owner occupied or owned by Local Authority, housing association or other landlord. This includes wardened accommodation but not residential accommodation where health care is provided. It also includes Patients with no fixed abode.");
        }

        var diagnosis = record.Builder.Add(
            new Condition
            {
                ClinicalStatus = PatientRecord.ConditionStatus(active: discharged is null),
                VerificationStatus = PatientRecord.Confirmed,
                Category = [PatientRecord.EncounterDiagnosis],
                Code = reason.ToConcept(),
                Subject = record.Subject,
                Encounter = RecordBuilder.Ref(encounter),
                Onset = new FhirDateTime(LondonTime.Format(admitted)),
                Abatement = discharged is { } abated ? new FhirDateTime(LondonTime.Format(abated)) : null,
                RecordedDate = LondonTime.Format(admitted.AddHours(1)),
                Recorder = consultant.Reference,
            },
            "Condition");
        encounter.Diagnosis = [new Encounter.DiagnosisComponent { Condition = RecordBuilder.Ref(diagnosis), Rank = 1 }];

        var neutropenic = reason.Code == "409089005";
        LabResults.AddAdmissionBloods(record, emergency ?? encounter, admitted.AddMinutes(-r.Between(30, 90)), startSeverity, neutropenic, EncounterHistory.HasKidneyDisease(record));
        var end = discharged ?? record.Now;
        var sets = discharged is null ? Math.Min(4, Math.Max(1, (int)((end - admitted).TotalHours / 8))) : 2;
        for (var i = 0; i < sets; i++)
        {
            // Current stays: the latest set is the most recent, a few hours before now. Past stays: after admission and near discharge.
            var when = discharged is null
                ? end.AddHours(-(((sets - 1 - i) * 8) + r.Between(1, 4)))
                : i == 0 ? admitted.AddMinutes(r.Between(30, 120)) : end.AddHours(-r.Between(2, 6));
            var severity = deteriorating
                ? Math.Min(3, startSeverity + (i * 2 / Math.Max(1, sets - 1)))
                : Math.Max(0, startSeverity - (i * 2 / Math.Max(1, sets - 1)));
            var confused = reason.Code == "2776000" && i < sets - 1;
            VitalSigns.Add(record, encounter, when, severity, ward.NurseInCharge, confused);
        }

        if ((end - admitted).TotalDays > 2)
        {
            LabResults.AddAdmissionBloods(record, encounter, end.AddHours(-r.Between(12, 36)), deteriorating ? 3 : 0, neutropenic, EncounterHistory.HasKidneyDisease(record));
        }

        AddMedicines(record, encounter, consultant, diagnosis, admitted, discharged, Infections.Contains(reason.Code));
        if (discharged is { } left)
        {
            var community = r.Chance(record.Age >= 70 ? 0.35 : 0.05);
            var plan = community ? "Referred to community services for support at home." : "No follow-up needed; GP to review if symptoms return.";
            ClinicalDocuments.AddDischargeSummary(record, encounter, specialty, consultant, admitted, left, reason.Display, plan);
            if (community)
            {
                CommunityDischarge.Add(record, encounter, diagnosis, consultant, left);
            }
        }
        else
        {
            record.Builder.Add(
                new CareTeam
                {
                    Status = CareTeam.CareTeamStatus.Active,
                    Category = [Term.Concept("http://loinc.org", "LA27976-2", "Encounter-focused care team")],
                    Name = $"{ward.Location.Name} care team",
                    Subject = record.Subject,
                    Encounter = RecordBuilder.Ref(encounter),
                    Period = new Period { StartElement = new FhirDateTime(LondonTime.Format(admitted)) },
                    Participant =
                    [
                        Member(consultant, "R0050", "Consultant"),
                        Member(ward.NurseInCharge, "R0610", "Sister/Charge Nurse"),
                    ],
                    ReasonReference = [RecordBuilder.Ref(diagnosis)],
                    ManagingOrganization = [RecordBuilder.Ref(record.Hospital.Trust, record.Hospital.Trust.Name)],
                },
                "CareTeam");
        }
    }

    public static CareTeam.ParticipantComponent Member(Clinician clinician, string jobRole, string display) => new()
    {
        Role = [Term.Concept(UkCore.SdsJobRoleName, jobRole, display)],
        Member = clinician.Reference,
    };

    private static void AddMedicines(PatientRecord record, Encounter encounter, Clinician prescriber, Condition reason, DateTimeOffset admitted, DateTimeOffset? discharged, bool infection)
    {
        var medicines = infection ? new[] { Catalogue.Paracetamol, Catalogue.Amoxicillin } : [Catalogue.Paracetamol];
        foreach (var medicine in medicines)
        {
            record.Builder.Add(
                new MedicationRequest
                {
                    Status = discharged is null ? MedicationRequest.MedicationrequestStatus.Active : MedicationRequest.MedicationrequestStatus.Completed,
                    Intent = MedicationRequest.MedicationRequestIntent.Order,
                    Category = [Term.Concept("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "inpatient", "Inpatient")],
                    Medication = medicine.Product.ToConcept(),
                    Subject = record.Subject,
                    Encounter = RecordBuilder.Ref(encounter),
                    AuthoredOnElement = new FhirDateTime(LondonTime.Format(admitted.AddMinutes(record.Random.Between(30, 240)))),
                    Requester = prescriber.Reference,
                    ReasonReference = [RecordBuilder.Ref(reason)],
                    CourseOfTherapyType = Term.Concept("http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy", "acute", "Short course (acute) therapy"),
                    DosageInstruction = [PatientRecord.Dosage(medicine)],
                    Substitution = new MedicationRequest.SubstitutionComponent { Allowed = new FhirBoolean(true) },
                },
                "MedicationRequest");
        }
    }
}
