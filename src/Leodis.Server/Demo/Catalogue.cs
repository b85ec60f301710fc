using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A medicine with a usual adult dose: a dm+d virtual medicinal product and how it is taken.</summary>
internal sealed record Medicine(Term Product, string Dosage, decimal Dose, string DoseUnit, int TimesPerDay, Term Route, bool WhenRequired = false);

/// <summary>A long-term condition, how common it is among adults, and the medicines usually taken for it.</summary>
internal sealed record LongTermCondition(Term Term, double Prevalence, int MinimumAge, bool RisesWithAge, Medicine[] Medicines);

/// <summary>An allergy the generator records, with its category and the reactions seen.</summary>
internal sealed record Allergy(Term Term, AllergyIntolerance.AllergyIntoleranceCategory Category, Term[] Reactions, bool HighCriticality);

/// <summary>
/// SNOMED CT, LOINC and dm+d terms the cohort is made of. dm+d codes are VMP concepts (for example 319283006
/// Amlodipine 5mg tablets); displays follow the dm+d names. Terms were picked to be recognisable, not exhaustive.
/// </summary>
internal static class Catalogue
{
    public static readonly Term OralRoute = Term.Snomed("26643006", "Oral route");
    public static readonly Term InhaledRoute = Term.Snomed("447694001", "Respiratory tract route");

    public static readonly Medicine Amlodipine = new(Term.Dmd("319283006", "Amlodipine 5mg tablets"), "5mg once daily", 5, "mg", 1, OralRoute);
    public static readonly Medicine Metformin = new(Term.Dmd("325278007", "Metformin 500mg tablets"), "500mg twice daily with food", 500, "mg", 2, OralRoute);
    public static readonly Medicine Salbutamol = new(
        Term.Dmd("39113611000001102", "Salbutamol 100micrograms/dose inhaler CFC free"), "Two puffs when required", 200, "ug", 4, InhaledRoute, WhenRequired: true);
    public static readonly Medicine Apixaban = new(Term.Dmd("42206511000001102", "Apixaban 5mg tablets"), "5mg twice daily", 5, "mg", 2, OralRoute);
    public static readonly Medicine Furosemide = new(Term.Dmd("317972000", "Furosemide 40mg tablets"), "40mg each morning", 40, "mg", 1, OralRoute);
    public static readonly Medicine Aspirin = new(Term.Dmd("319773006", "Aspirin 75mg dispersible tablets"), "75mg once daily", 75, "mg", 1, OralRoute);
    public static readonly Medicine Atorvastatin = new(Term.Dmd("320000009", "Atorvastatin 20mg tablets"), "20mg at night", 20, "mg", 1, OralRoute);
    public static readonly Medicine Paracetamol = new(
        Term.Dmd("322236009", "Paracetamol 500mg tablets"), "1g up to four times a day when required", 1000, "mg", 4, OralRoute, WhenRequired: true);
    public static readonly Medicine Amoxicillin = new(Term.Dmd("323509004", "Amoxicillin 250mg capsules"), "500mg three times a day for 5 days", 500, "mg", 3, OralRoute);

    public static readonly IReadOnlyList<LongTermCondition> LongTermConditions =
    [
        new(Term.Snomed("38341003", "Hypertensive disorder, systemic arterial"), 0.30, 25, true, [Amlodipine]),
        new(Term.Snomed("44054006", "Diabetes mellitus type 2"), 0.12, 25, true, [Metformin]),
        new(Term.Snomed("195967001", "Asthma"), 0.10, 16, false, [Salbutamol]),
        new(Term.Snomed("13645005", "Chronic obstructive lung disease"), 0.07, 40, true, [Salbutamol]),
        new(Term.Snomed("49436004", "Atrial fibrillation"), 0.08, 45, true, [Apixaban]),
        new(Term.Snomed("84114007", "Heart failure"), 0.05, 50, true, [Furosemide]),
        new(Term.Snomed("414545008", "Ischemic heart disease"), 0.08, 40, true, [Aspirin, Atorvastatin]),
        new(Term.Snomed("433144002", "Chronic kidney disease stage 3"), 0.07, 50, true, []),
        new(Term.Snomed("55822004", "Hyperlipidemia"), 0.12, 35, true, [Atorvastatin]),
        new(Term.Snomed("35489007", "Depressive disorder"), 0.08, 16, false, []),
        new(Term.Snomed("239873007", "Osteoarthritis of knee"), 0.10, 45, true, [Paracetamol]),
        new(Term.Snomed("52448006", "Dementia"), 0.10, 75, true, []),
        new(Term.Snomed("40930008", "Hypothyroidism"), 0.04, 25, false, []),
    ];

    public static readonly Term NoKnownAllergy = Term.Snomed("716186003", "No known allergy");

    private static readonly Term SkinEruption = Term.Snomed("271807003", "Eruption of skin");
    private static readonly Term Urticaria = Term.Snomed("126485001", "Urticaria");
    private static readonly Term Anaphylaxis = Term.Snomed("39579001", "Anaphylaxis");
    private static readonly Term Dyspnoea = Term.Snomed("267036007", "Dyspnea");

    public static readonly IReadOnlyList<(Allergy Item, double Weight)> Allergies =
    [
        (new(Term.Snomed("91936005", "Allergy to penicillin"), AllergyIntolerance.AllergyIntoleranceCategory.Medication, [SkinEruption, Urticaria], false), 5),
        (new(Term.Snomed("294505008", "Allergy to amoxicillin"), AllergyIntolerance.AllergyIntoleranceCategory.Medication, [SkinEruption], false), 2),
        (new(Term.Snomed("293586001", "Allergy to aspirin"), AllergyIntolerance.AllergyIntoleranceCategory.Medication, [Dyspnoea], false), 1),
        (new(Term.Snomed("91935009", "Allergy to peanut"), AllergyIntolerance.AllergyIntoleranceCategory.Food, [Anaphylaxis], true), 1.5),
        (new(Term.Snomed("300916003", "Latex allergy"), AllergyIntolerance.AllergyIntoleranceCategory.Environment, [Urticaria], false), 1),
        (new(Term.Snomed("418689008", "Allergy to grass pollen"), AllergyIntolerance.AllergyIntoleranceCategory.Environment, [Dyspnoea], false), 1),
    ];

    /// <summary>Reasons people come to the Emergency Department and are sent home the same day.</summary>
    public static readonly IReadOnlyList<Term> EmergencyAttendances =
    [
        Term.Snomed("29857009", "Chest pain"),
        Term.Snomed("21522001", "Abdominal pain"),
        Term.Snomed("271594007", "Syncope"),
        Term.Snomed("82271004", "Injury of head"),
        Term.Snomed("1912002", "Fall"),
        Term.Snomed("68566005", "Urinary tract infectious disease"),
    ];

    public static readonly Term DischargeSummary = Term.Snomed("373942005", "Discharge summary");
    public static readonly Term ClinicLetter = Term.Snomed("371531000", "Report of clinical encounter");
}
