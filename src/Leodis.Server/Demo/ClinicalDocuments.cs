using System.Globalization;
using System.Net;
using System.Text;
using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// Clinic letters and discharge summaries as UK Core DocumentReferences: a short HTML letter to the GP, base64 in the
/// attachment, linked to its encounter. Letters carry the patient's (synthetic) name and NHS number as real ones do.
/// </summary>
internal static class ClinicalDocuments
{
    public static void AddClinicLetter(PatientRecord record, Encounter encounter, Specialty specialty, Clinician author, DateTimeOffset seen, string findings, string plan) =>
        Add(record, encounter, specialty, author, Before(record, seen.AddDays(record.Random.Between(1, 6))), Catalogue.ClinicLetter, $"{specialty.Name} clinic letter",
        [
            ("Seen in clinic", LondonTime.ToLocal(seen).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
            ("Findings", findings),
            ("Plan", plan),
        ]);

    public static void AddDischargeSummary(PatientRecord record, Encounter encounter, Specialty specialty, Clinician author, DateTimeOffset admitted, DateTimeOffset discharged, string diagnosis, string plan) =>
        Add(record, encounter, specialty, author, discharged, Catalogue.DischargeSummary, "Discharge summary",
        [
            ("Admitted", LondonTime.ToLocal(admitted).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
            ("Discharged", LondonTime.ToLocal(discharged).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
            ("Diagnosis", diagnosis),
            ("Follow-up", plan),
        ]);

    private static void Add(
        PatientRecord record, Encounter encounter, Specialty specialty, Clinician author, DateTimeOffset written, Term type, string title, (string Heading, string Text)[] sections)
    {
        var patient = record.Patient;
        var nhs = record.Slot.NhsNumber is { } number ? $"NHS number {number.Formatted}, " : string.Empty;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>").Append(Encode(title)).Append("</title></head><body>")
            .Append("<p>LEEDS TEACHING HOSPITALS NHS TRUST &middot; ").Append(Encode(specialty.Name)).Append("</p>")
            .Append("<p>To: ").Append(Encode(record.Gp.DisplayName)).Append(", ").Append(Encode(record.Practice.Organization.Name)).Append("</p>")
            .Append("<p>Re: ").Append(Encode(record.DisplayName)).Append(", born ").Append(Encode(patient.BirthDate)).Append(", ")
            .Append(Encode(nhs)).Append("hospital number ").Append(Encode(record.Slot.HospitalNumber)).Append("</p>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>");
        foreach (var (heading, text) in sections)
        {
            html.Append("<h2>").Append(Encode(heading)).Append("</h2><p>").Append(Encode(text)).Append("</p>");
        }

        html.Append("<p>Yours sincerely,</p><p>").Append(Encode(author.DisplayName)).Append(", Consultant, ").Append(Encode(specialty.Name)).Append("</p></body></html>");
        var when = LondonTime.Format(written);
        record.Builder.Add(
            new DocumentReference
            {
                Status = DocumentReferenceStatus.Current,
                DocStatus = CompositionStatus.Final,
                Type = type.ToConcept(),
                Subject = record.Subject,
                Date = LondonTime.ToLocal(written),
                Author = [author.Reference],
                Custodian = RecordBuilder.Ref(record.Hospital.Trust, record.Hospital.Trust.Name),
                Description = title,
                Content =
                [
                    new DocumentReference.ContentComponent
                    {
                        Attachment = new Attachment
                        {
                            ContentType = "text/html",
                            Language = "en-GB",
                            Data = Encoding.UTF8.GetBytes(html.ToString()),
                            Title = title,
                            Creation = when,
                        },
                    },
                ],
                Context = new DocumentReference.ContextComponent
                {
                    Encounter = [RecordBuilder.Ref(encounter)],
                    Period = (Period?)encounter.Period?.DeepCopy(),
                    PracticeSetting = specialty.Service.ToConcept(),
                },
            },
            "DocumentReference");
    }

    // A letter typed a few days after clinic is dated no later than the reference time, so nothing lies in the future.
    private static DateTimeOffset Before(PatientRecord record, DateTimeOffset written) =>
        written < record.Now ? written : record.Now.AddHours(-1);

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
