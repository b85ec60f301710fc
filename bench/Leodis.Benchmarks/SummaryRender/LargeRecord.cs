using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Fhir.Rest;
using Leodis.Web.Observations;

namespace Leodis.Benchmarks.SummaryRender;

/// <summary>
/// One inpatient at the hospital (RR8) with a long record of exactly <see cref="Resources"/> resources, written through
/// the engine as system transactions: a current admission and past encounters, problems, medicines, allergies, letters,
/// eObs sets with their NEWS2 scores (built by the eObs mapping the ward pages use) and laboratory results.
/// </summary>
public static class LargeRecord
{
    public const int Resources = 2_000;
    public const int Encounters = 100;
    public const int Conditions = 40;
    public const int Medicines = 40;
    public const int Allergies = 2;
    public const int Documents = 17;
    public const int VitalSignsSets = 150;

    private const string BaseUrl = "http://127.0.0.1/fhir";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string Snomed = "http://snomed.info/sct";

    /// <summary>Writes the hospital and the patient's record; returns the patient's id.</summary>
    public static async Task<string> WriteAsync(FhirEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(42);
        var trust = new Organization
        {
            Id = "rr8",
            Name = "LEEDS TEACHING HOSPITALS NHS TRUST",
            Identifier = [new Identifier("https://fhir.nhs.uk/Id/ods-organization-code", "RR8")],
        };
        var patient = new Patient
        {
            Id = "large-record",
            Identifier = [new Identifier("https://fhir.nhs.uk/Id/nhs-number", "9434765919")],
            Name = [new HumanName { Family = "Longstay", Given = ["Ada"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "1941-02-17",
        };
        var subject = new ResourceReference("Patient/large-record");
        var record = new List<Resource> { patient };
        for (var i = 0; i < Encounters; i++)
        {
            var start = now.AddDays(i == 0 ? -3 : -30 * i);
            record.Add(new Encounter
            {
                Id = $"enc-{i}",
                Status = i == 0 ? Encounter.EncounterStatus.InProgress : Encounter.EncounterStatus.Finished,
                Class = new Coding(ActCode, i % 3 == 0 ? "IMP" : "AMB"),
                Subject = subject,
                ServiceProvider = new ResourceReference("Organization/rr8"),
                Period = new Period { Start = Date(start), End = i == 0 ? null : Date(start.AddDays(2)) },
            });
        }

        for (var i = 0; i < Conditions; i++)
        {
            record.Add(new Condition
            {
                Id = $"cond-{i}",
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", i % 4 == 0 ? "resolved" : "active"),
                Code = new CodeableConcept(Snomed, (38341003 + i).ToString(CultureInfo.InvariantCulture), $"Problem {i}"),
                Subject = subject,
                Onset = new FhirDateTime(Date(now.AddDays(-90 * i))),
            });
        }

        for (var i = 0; i < Medicines; i++)
        {
            record.Add(new MedicationRequest
            {
                Id = $"med-{i}",
                Status = i % 3 == 0 ? MedicationRequest.MedicationrequestStatus.Completed : MedicationRequest.MedicationrequestStatus.Active,
                Intent = MedicationRequest.MedicationRequestIntent.Order,
                Medication = new CodeableConcept("https://dmd.nhs.uk", (322236009 + i).ToString(CultureInfo.InvariantCulture), $"Medicine {i} 10mg tablets"),
                Subject = subject,
                AuthoredOn = Date(now.AddDays(-20 * i)),
                DosageInstruction = [new Dosage { Text = "One tablet once a day" }],
            });
        }

        for (var i = 0; i < Allergies; i++)
        {
            record.Add(new AllergyIntolerance
            {
                Id = $"allergy-{i}",
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"),
                Code = new CodeableConcept(Snomed, i == 0 ? "764146007" : "91936005", i == 0 ? "Penicillin" : "Allergy to penicillin"),
                Patient = subject,
                RecordedDate = Date(now.AddYears(-5 - i)),
            });
        }

        for (var i = 0; i < Documents; i++)
        {
            record.Add(new DocumentReference
            {
                Id = $"doc-{i}",
                Status = DocumentReferenceStatus.Current,
                Type = new CodeableConcept(Snomed, "823701000000103", "Discharge letter"),
                Subject = subject,
                Date = now.AddDays(-60 * i),
                Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = "Letter text"u8.ToArray() } }],
            });
        }

        var setNumber = 0;
        while (setNumber < VitalSignsSets)
        {
            var inputs = new News2Inputs
            {
                RespirationRate = random.Next(12, 26),
                OxygenSaturation = random.Next(90, 100),
                AirOrOxygen = random.Next(5) == 0 ? AirOrOxygen.Oxygen : AirOrOxygen.Air,
                SystolicBloodPressure = random.Next(95, 160),
                DiastolicBloodPressure = random.Next(55, 95),
                Pulse = random.Next(55, 120),
                Consciousness = Consciousness.Alert,
                Temperature = 36.0m + random.Next(0, 25) / 10m,
            };
            var context = new ObservationContext(subject, new ResourceReference("Encounter/enc-0"), new ResourceReference("Organization/rr8"), now.AddHours(-4 * setNumber));
            var n = setNumber;
            var k = 0;
            record.AddRange(EobsRecording.Create(inputs, context, () => $"vs-{n}-{k++}").Resources);
            setNumber++;
        }

        for (var i = 0; record.Count < Resources; i++)
        {
            record.Add(new Observation
            {
                Id = $"lab-{i}",
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
                Code = new CodeableConcept("http://loinc.org", (i % 5) switch { 0 => "718-7", 1 => "2951-2", 2 => "2823-3", 3 => "3094-0", _ => "2160-0" }),
                Subject = subject,
                Effective = new FhirDateTime(Date(now.AddDays(-i))),
                Value = new Quantity(100 + random.Next(-30, 30), "g/L", "http://unitsofmeasure.org"),
            });
        }

        await TransactionAsync(engine, [trust], ct);
        foreach (var chunk in record.Chunk(250))
        {
            await TransactionAsync(engine, chunk, ct);
        }

        return patient.Id;
    }

    private static async Task TransactionAsync(FhirEngine engine, IEnumerable<Resource> resources, CancellationToken ct)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{BaseUrl}/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        await engine.ExecuteAsync(new FhirRequest("POST", string.Empty, [], bundle), BaseUrl, ct);
    }

    private static string Date(DateTimeOffset when) => when.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
