using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// A hospital specialty: its NHS treatment function code (UK Core PracticeSettingCode), the SNOMED care setting used
/// for Encounter.serviceType, the "Seen in ... clinic" encounter type, and why people are admitted under it.
/// </summary>
internal sealed record Specialty(string Name, string TreatmentFunction, Term Service, Term Clinic, IReadOnlyList<Term> AdmissionReasons, bool Cancer = false)
{
    public static readonly Specialty GeneralMedicine = new(
        "General Internal Medicine", "300", Term.Snomed("700232004", "General medical service"), Term.Snomed("185241003", "Seen in general medical clinic"),
        [Term.Snomed("233604007", "Pneumonia"), Term.Snomed("68566005", "Urinary tract infectious disease"), Term.Snomed("128045006", "Cellulitis"),
            Term.Snomed("91302008", "Sepsis"), Term.Snomed("271594007", "Syncope")]);

    public static readonly Specialty Cardiology = new(
        "Cardiology", "320", Term.Snomed("789718008", "Cardiology service"), Term.Snomed("185228002", "Seen in cardiac clinic"),
        [Term.Snomed("22298006", "Myocardial infarction"), Term.Snomed("49436004", "Atrial fibrillation"), Term.Snomed("84114007", "Heart failure")]);

    public static readonly Specialty Respiratory = new(
        "Respiratory Medicine", "340", Term.Snomed("816074000", "Respiratory medicine service"), Term.Snomed("185240002", "Seen in chest clinic"),
        [Term.Snomed("195951007", "Acute exacerbation of chronic obstructive airways disease"), Term.Snomed("233604007", "Pneumonia")]);

    public static readonly Specialty CareOfTheElderly = new(
        "Geriatric Medicine", "430", Term.Snomed("700221004", "Elderly medicine service"), Term.Snomed("185263007", "Seen in geriatric clinic"),
        [Term.Snomed("1912002", "Fall"), Term.Snomed("5913000", "Fracture of neck of femur"), Term.Snomed("2776000", "Delirium"),
            Term.Snomed("68566005", "Urinary tract infectious disease")]);

    public static readonly Specialty GeneralSurgery = new(
        "General Surgery", "100", Term.Snomed("310156009", "General surgical service"), Term.Snomed("185262002", "Seen in general surgery clinic"),
        [Term.Snomed("74400008", "Appendicitis"), Term.Snomed("21522001", "Abdominal pain"), Term.Snomed("76581006", "Cholecystitis")]);

    public static readonly Specialty MedicalOncology = new(
        "Medical Oncology", "370", Term.Snomed("892571000000101", "Medical oncology service"), Term.Snomed("185270007", "Seen in oncology clinic"),
        [Term.Snomed("409089005", "Febrile neutropenia")], Cancer: true);

    public static readonly Specialty Haematology = new(
        "Clinical Haematology", "303", Term.Snomed("892761000000102", "Clinical haematology service"), Term.Snomed("185246008", "Seen in haematology clinic"),
        [Term.Snomed("409089005", "Febrile neutropenia"), Term.Snomed("271737000", "Anemia")], Cancer: true);

    public static readonly Specialty EmergencyMedicine = new(
        "Emergency Medicine", "180", Term.Snomed("409971007", "Emergency medicine service"), Term.Snomed("185210004", "Seen in hospital casualty"), []);

    /// <summary>The specialties with wards and clinics, in a fixed order (the order ids are drawn in).</summary>
    public static readonly IReadOnlyList<Specialty> All =
        [GeneralMedicine, Cardiology, Respiratory, CareOfTheElderly, GeneralSurgery, MedicalOncology, Haematology, EmergencyMedicine];

    public Coding PracticeSetting => new(UkCore.PracticeSettingCode, TreatmentFunction, Name);
}
