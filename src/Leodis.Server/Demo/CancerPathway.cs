using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// A cancer pathway as a UK trust runs it: an urgent suspected cancer referral from the GP (ServiceRequest), a
/// fast-track clinic visit, the diagnosis with its stage (Condition.stage), a discussion at the site-specific
/// multidisciplinary team meeting and the follow-up clinic. The MDT discussion is a Procedure: it is something done for
/// the patient, with a date, performers, a reason (the cancer) and an outcome, as mCODE-style tumour board reviews are;
/// an Encounter would wrongly say the patient was there. The MDT's members are the patient's CareTeam.
/// </summary>
internal static class CancerPathway
{
    /// <summary>A tumour site: diagnosis, why the GP referred, the fast-track clinic and the MDT that discusses it.</summary>
    internal sealed record Site(
        Term Diagnosis, string Suspicion, Term FastTrackClinic, string Team, Specialty Specialty, string Staging, AdministrativeGender? Only = null);

    /// <summary>The patient's cancer and how many days before the reference date the GP referred them.</summary>
    internal sealed record Diagnosis(Site Site, int ReferredDaysAgo, int Stage);

    private static readonly Site[] Solid =
    [
        new(Term.Snomed("254637007", "Non-small cell lung cancer"), "Haemoptysis and weight loss in a smoker", Term.Snomed("382681000000102", "Seen in fast track suspected lung cancer clinic"), "Lung Cancer MDT", Specialty.MedicalOncology, "TNM 8"),
        new(Term.Snomed("254837009", "Malignant neoplasm of breast"), "Breast lump", Term.Snomed("382431000000103", "Seen in fast track suspected breast cancer clinic"), "Breast Cancer MDT", Specialty.MedicalOncology, "TNM 8", AdministrativeGender.Female),
        new(Term.Snomed("363406005", "Malignant tumor of colon"), "Change in bowel habit with iron deficiency anaemia", Term.Snomed("382651000000108", "Seen in fast track suspected colorectal cancer clinic"), "Colorectal Cancer MDT", Specialty.MedicalOncology, "TNM 8"),
        new(Term.Snomed("399068003", "Malignant tumor of prostate"), "Raised PSA", Term.Snomed("382841000000109", "Seen in fast track suspected urological cancer clinic"), "Urology Cancer MDT", Specialty.MedicalOncology, "TNM 8", AdministrativeGender.Male),
    ];

    private static readonly Site[] Haematological =
    [
        new(Term.Snomed("118600007", "Malignant lymphoma"), "Lymphadenopathy with night sweats", Term.Snomed("382581000000103", "Seen in fast track suspected haematological malignancy clinic"), "Haematological Malignancy MDT", Specialty.Haematology, "Ann Arbor"),
        new(Term.Snomed("109989006", "Multiple myeloma"), "Back pain with raised calcium and anaemia", Term.Snomed("382581000000103", "Seen in fast track suspected haematological malignancy clinic"), "Haematological Malignancy MDT", Specialty.Haematology, "ISS"),
    ];

    private static readonly Term[] Stages =
        [Term.Snomed("258215001", "Stage 1"), Term.Snomed("258219007", "Stage 2"), Term.Snomed("258224005", "Stage 3"), Term.Snomed("258228008", "Stage 4")];

    private static readonly string[] Tnm = ["T1 N0 M0", "T2 N0 M0", "T3 N1 M0", "T2 N2 M1"];

    /// <summary>Whether the patient is on a cancer pathway: always on an oncology or haematology ward, otherwise by age.</summary>
    public static Diagnosis? Choose(PatientRecord record)
    {
        var r = record.Random;
        var ward = record.Slot.Ward?.Specialty;
        if (ward is { Cancer: true })
        {
            var sites = (ward == Specialty.Haematology ? Haematological : Solid).Where(s => s.Only is null || s.Only == record.Gender).ToList();
            return new Diagnosis(r.Pick(sites), r.Between(90, 900), r.Between(2, 4));
        }

        if (record.Age < 40 || !r.Chance(0.07 * Math.Min(1.5, record.Age / 60.0)))
        {
            return null;
        }

        var candidates = Solid.Concat(Solid).Concat(Haematological).Where(s => s.Only is null || s.Only == record.Gender).ToList();
        return new Diagnosis(r.Pick(candidates), r.Between(20, 1000), r.Pick([(1, 3.0), (2, 3.0), (3, 2.0), (4, 2.0)]));
    }

    public static void Add(PatientRecord record, Diagnosis diagnosis)
    {
        var r = record.Random;
        var site = diagnosis.Site;
        var hospital = record.Hospital;
        var lead = hospital.Consultants[site.Specialty][0];
        var consultant = r.Pick(hospital.Consultants[site.Specialty]);
        var clinic = hospital.Clinics[site.Specialty];
        var referred = record.DaysAgo(diagnosis.ReferredDaysAgo, 9, 17);
        var referral = record.Builder.Add(
            new ServiceRequest
            {
                Status = RequestStatus.Completed,
                Intent = RequestIntent.Order,
                Category = [Term.Snomed("3457005", "Patient referral").ToConcept()],
                Priority = RequestPriority.Urgent,
                Code = new CodeableConcept { Coding = [Term.Snomed("3457005", "Patient referral").ToCoding()], Text = "Urgent suspected cancer referral" },
                Subject = record.Subject,
                AuthoredOnElement = new FhirDateTime(LondonTime.Format(referred)),
                Requester = record.Gp.Reference,
                Performer = [RecordBuilder.Ref(hospital.Services[site.Specialty], hospital.Services[site.Specialty].Name)],
                ReasonCode = [new CodeableConcept { Text = site.Suspicion }],
            },
            "ServiceRequest");

        var seen = record.DaysAgo(diagnosis.ReferredDaysAgo - r.Between(5, 13), 9, 16);
        var fastTrack = EncounterHistory.Create(record, "AMB", site.Specialty, site.FastTrackClinic, consultant, seen, seen.AddMinutes(30), clinic, "E01");
        fastTrack.BasedOn = [RecordBuilder.Ref(referral)];
        ClinicalDocuments.AddClinicLetter(record, fastTrack, site.Specialty, consultant, seen,
            $"Seen urgently with {site.Suspicion.ToLowerInvariant()}. Examination and first tests raise the possibility of {site.Diagnosis.Display.ToLowerInvariant()}.",
            "Imaging and biopsy arranged. We will discuss the results with the patient and at the multidisciplinary team meeting.");

        var diagnosedDaysAgo = diagnosis.ReferredDaysAgo - r.Between(18, 28);
        if (diagnosedDaysAgo < 1)
        {
            return;
        }

        var diagnosed = record.DaysAgo(diagnosedDaysAgo, 9, 17);
        var stage = diagnosis.Stage;
        var stageText = site.Staging == "TNM 8" ? $"Stage {stage} ({site.Staging}: {Tnm[stage - 1]})" : $"{site.Staging} stage {stage}";
        var cancer = record.Builder.Add(
            new Condition
            {
                ClinicalStatus = PatientRecord.ConditionStatus(active: true),
                VerificationStatus = PatientRecord.Confirmed,
                Category = [PatientRecord.ProblemListItem],
                Code = site.Diagnosis.ToConcept(),
                Subject = record.Subject,
                Encounter = RecordBuilder.Ref(fastTrack),
                Onset = new FhirDateTime(LondonTime.Format(diagnosed)),
                RecordedDate = LondonTime.Format(diagnosed),
                Asserter = consultant.Reference,
                Stage =
                [
                    new Condition.StageComponent
                    {
                        Summary = new CodeableConcept { Coding = [Stages[stage - 1].ToCoding()], Text = stageText },
                        Type = new CodeableConcept { Text = $"{site.Staging} staging" },
                    },
                ],
            },
            "Condition");

        var nurse = r.Pick(hospital.CancerNurses[site.Specialty]);
        record.Builder.Add(
            new CareTeam
            {
                Status = CareTeam.CareTeamStatus.Active,
                Category = [Term.Concept("http://loinc.org", "LA28865-6", "Longitudinal care-coordination focused care team")],
                Name = site.Team,
                Subject = record.Subject,
                Period = new Period { StartElement = new FhirDateTime(LondonTime.Format(diagnosed)) },
                Participant =
                [
                    Admissions.Member(lead, "R0050", "Consultant"),
                    Admissions.Member(consultant, "R0050", "Consultant"),
                    Admissions.Member(nurse, "R0600", "Specialist Nurse Practitioner"),
                ],
                ReasonReference = [RecordBuilder.Ref(cancer)],
                ManagingOrganization = [RecordBuilder.Ref(hospital.Trust, hospital.Trust.Name)],
            },
            "CareTeam");

        var mdtDaysAgo = diagnosedDaysAgo - r.Between(4, 9);
        if (mdtDaysAgo < 1)
        {
            return;
        }

        var outcome = Outcome(site, stage);
        record.Builder.Add(
            new Procedure
            {
                Status = EventStatus.Completed,
                Code = new CodeableConcept { Text = "Discussion at cancer multidisciplinary team meeting" },
                Subject = record.Subject,
                Performed = new FhirDateTime(LondonTime.Format(record.DaysAgo(mdtDaysAgo, 8, 12))),
                Performer = [new Procedure.PerformerComponent { Actor = lead.Reference }, new Procedure.PerformerComponent { Actor = nurse.Reference }],
                ReasonReference = [RecordBuilder.Ref(cancer)],
                Outcome = new CodeableConcept { Text = outcome },
                Note = [new Annotation { Text = $"{site.Team}: {stageText}. {outcome}" }],
            },
            "Procedure");

        var followUpDaysAgo = mdtDaysAgo - r.Between(3, 10);
        if (followUpDaysAgo >= 1)
        {
            var followUp = record.DaysAgo(followUpDaysAgo, 9, 16);
            var visit = EncounterHistory.Create(record, "AMB", site.Specialty, site.Specialty.Clinic, consultant, followUp, followUp.AddMinutes(40), clinic, "E01");
            visit.ReasonReference = [RecordBuilder.Ref(cancer)];
            ClinicalDocuments.AddClinicLetter(record, visit, site.Specialty, consultant, followUp,
                $"Diagnosis of {site.Diagnosis.Display.ToLowerInvariant()}, {stageText}, discussed with the patient and family.", outcome);
        }
    }

    private static string Outcome(Site site, int stage) => (site.Specialty == Specialty.Haematology, stage) switch
    {
        (true, _) when site.Diagnosis.Code == "118600007" => "Recommend R-CHOP chemotherapy; PET-CT after cycle 2.",
        (true, _) => "Recommend induction therapy and referral for autologous stem cell transplant assessment.",
        (false, <= 2) => "Recommend surgery with curative intent; refer to the surgical team.",
        (false, 3) => "Recommend neoadjuvant chemotherapy followed by surgery.",
        _ => "Recommend palliative systemic therapy and referral to the palliative care team.",
    };
}
