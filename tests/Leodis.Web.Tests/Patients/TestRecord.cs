using Hl7.Fhir.Model;
using Leodis.Web.Patients;

namespace Leodis.Web.Tests.Patients;

/// <summary>Small hand-made records for component tests; every id is new, so tests never share data.</summary>
public static class TestRecord
{
    public const string Snomed = "http://snomed.info/sct";

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static (Patient Patient, Organization Practice) Patient(string nhsNumber = "9434765919", string verification = "01", string? birthDate = "1950-03-15")
    {
        var practice = new Organization { Id = NewId(), Name = "Chapel Allerton Surgery" };
        var patient = new Patient
        {
            Id = NewId(),
            Identifier =
            [
                new Identifier("https://fhir.nhs.uk/Id/nhs-number", nhsNumber)
                {
                    Extension =
                    [
                        new Extension(
                            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus",
                            new CodeableConcept("https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland", verification, verification == "01" ? "Number present and verified" : "Trace required")),
                    ],
                },
                new Identifier(PatientSearch.HospitalNumberSystem, "RR8" + NewId()[..7]),
            ],
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Smith", Given = ["Anne", "Marie"], Prefix = ["Mrs"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = birthDate,
            Address = [new Address { Use = Address.AddressUse.Home, Line = ["12 Harehills Lane"], City = "Leeds", PostalCode = "LS8 4EX" }],
            GeneralPractitioner = [new ResourceReference($"Organization/{practice.Id}")],
        };
        return (patient, practice);
    }

    public static AllergyIntolerance Allergy(Patient patient, string code, string display) => new()
    {
        Id = NewId(),
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"),
        VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed"),
        Code = new CodeableConcept(Snomed, code, display, display),
        Patient = new ResourceReference($"Patient/{patient.Id}"),
        RecordedDate = "2020-01-01",
    };

    public static Flag Alert(Patient patient, string category, string priority, string text) => new()
    {
        Id = NewId(),
        Extension = [PatientAlert.Priority(priority, priority)],
        Status = Flag.FlagStatus.Active,
        Category = [PatientAlert.Category(category, category)],
        Code = new CodeableConcept { Text = text },
        Subject = new ResourceReference($"Patient/{patient.Id}"),
        Period = new Period { Start = "2023-05-01" },
    };

    public static Observation Result(Patient patient, string loinc, string name, decimal value, decimal low, decimal high, string unit, DateTimeOffset taken) => new()
    {
        Id = NewId(),
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
        Code = new CodeableConcept("http://loinc.org", loinc, name, name),
        Subject = new ResourceReference($"Patient/{patient.Id}"),
        Effective = new FhirDateTime(taken),
        Value = new Quantity(value, unit),
        ReferenceRange = [new Observation.ReferenceRangeComponent { Low = new Quantity(low, unit), High = new Quantity(high, unit) }],
    };
}
