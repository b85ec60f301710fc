using Hl7.Fhir.Model;
using Leodis.Web.Patients;

namespace Leodis.Server.Demo;

/// <summary>
/// Alerts on a minority of records, as UK Core Flags: high priority (safeguarding, DNACPR, difficult airway), clinical
/// (falls risk, insulin-treated diabetes, MRSA) and administrative (interpreter, hearing loss, a preferred name). Each is
/// coded with the priority and category <see cref="PatientAlert"/> maps to its tier. They are drawn from a stream of their
/// own, after everything else, so adding them left every other resource of a seed's cohort as it was.
/// </summary>
internal static class PatientAlerts
{
    private const string Diabetes = "44054006";

    private static readonly string[] FemaleNames = ["Peggy", "Bea", "Nell", "Kit"];
    private static readonly string[] MaleNames = ["Bob", "Ted", "Alf", "Jim"];

    public static void Add(PatientRecord record, DemoRandom r)
    {
        var age = record.Age;
        var high = Category("safety", "Safety");
        var clinical = Category("clinical", "Clinical");
        var admin = Category("admin", "Administrative");
        if (r.Chance(0.02))
        {
            Add(record, r, high, "PH", null, "Safeguarding concern: see the safeguarding team's note before discharge");
        }

        if (age >= 80 && r.Chance(0.2))
        {
            Add(record, r, high, "PH", Term.Concept(Term.SnomedSystem, "304253006", "Not for resuscitation"), "DNACPR in place");
        }

        if (r.Chance(0.015))
        {
            Add(record, r, high, "PH", null, "Difficult airway: anaesthetic alert");
        }

        if (age >= 75 && r.Chance(0.25))
        {
            Add(record, r, clinical, "PM", Term.Concept(Term.SnomedSystem, "129839007", "At risk for falls"), "Falls risk");
        }

        if (record.LongTermConditions.Any(c => c.Definition.Term.Code == Diabetes) && r.Chance(0.3))
        {
            Add(record, r, clinical, "PM", null, "Diabetes: insulin dependent");
        }

        if (r.Chance(0.03))
        {
            Add(record, r, Category("lab", "Lab"), "PM", null, "MRSA positive: isolate in a side room");
        }

        if (r.Chance(0.04))
        {
            Add(record, r, admin, "PL", null, "Interpreter required");
        }

        if (age >= 70 && r.Chance(0.1))
        {
            Add(record, r, admin, "PL", Term.Concept(Term.SnomedSystem, "15188001", "Hearing loss"), "Hearing impaired: uses a hearing aid");
        }

        if (r.Chance(0.05))
        {
            var name = r.Pick(record.Gender == AdministrativeGender.Female ? FemaleNames : MaleNames);
            Add(record, r, admin, "PN", null, $"Prefers to be called {name}");
        }
    }

    private static void Add(PatientRecord record, DemoRandom r, CodeableConcept category, string priority, CodeableConcept? code, string text)
    {
        var concept = code ?? new CodeableConcept();
        concept.Text = text;
        var since = record.Now.AddDays(-r.Between(7, 1500));
        var flag = new Flag
        {
            Extension = [PatientAlert.Priority(priority, Priorities[priority])],
            Status = Flag.FlagStatus.Active,
            Category = [category],
            Code = concept,
            Subject = record.Subject,
            Period = new Period { StartElement = new FhirDateTime(LondonTime.Format(since)) },
            Author = record.Gp.Reference,
        };
        record.Builder.Add(flag, "Flag");
    }

    private static CodeableConcept Category(string code, string display) => PatientAlert.Category(code, display);

    private static readonly Dictionary<string, string> Priorities = new(StringComparer.Ordinal)
    {
        ["PH"] = "High priority",
        ["PM"] = "Medium priority",
        ["PL"] = "Low priority",
        ["PN"] = "No alarm",
    };
}
