using Hl7.Fhir.Model;
using Leodis.Fhir.Identifiers;

namespace Leodis.Server.Demo;

/// <summary>Who patient <c>Index</c> of a cohort is before anything is drawn: numbers and, for current inpatients, a bed.</summary>
internal sealed record PatientSlot(int Index, NhsNumber? NhsNumber, string HospitalNumber, Ward? Ward, Location? Bed);

/// <summary>
/// One patient's whole record, drawn from the patient's own random stream: demographics, allergies, long-term conditions
/// and medicines here; encounters, observations, letters and pathways in the classes it calls. Everything is dated
/// back from <see cref="Now"/>, the start of the reference day, so nothing lies in the future on that day.
/// </summary>
internal sealed partial class PatientRecord
{
    private static readonly IReadOnlyList<((int Min, int Max) Item, double Weight)> AgeBands =
        [((16, 29), 10), ((30, 44), 14), ((45, 64), 26), ((65, 79), 28), ((80, 99), 22)];

    private PatientRecord(PatientSlot slot, long seed, DateOnly referenceDate)
    {
        Slot = slot;
        Random = DemoRandom.For(seed, "patient", slot.Index);
        Builder = new RecordBuilder(Random);
        Now = LondonTime.StartOfDay(referenceDate);
    }

    public PatientSlot Slot { get; }

    public DemoRandom Random { get; }

    public RecordBuilder Builder { get; }

    public Hospital Hospital { get; } = Hospital.Instance;

    public DateTimeOffset Now { get; }

    public Patient Patient { get; private set; } = null!;

    public string DisplayName { get; private set; } = null!;

    public int Age { get; private set; }

    public AdministrativeGender Gender { get; private set; }

    public GpPractice Practice { get; private set; } = null!;

    public Clinician Gp { get; private set; } = null!;

    public List<(LongTermCondition Definition, Condition Resource)> LongTermConditions { get; } = [];

    public ResourceReference Subject => RecordBuilder.Ref(Patient, DisplayName);

    /// <summary>Builds patient <paramref name="slot"/>'s record as one transaction bundle.</summary>
    public static Bundle Build(PatientSlot slot, long seed, DateOnly referenceDate)
    {
        var record = new PatientRecord(slot, seed, referenceDate);
        record.AddPatient();
        record.AddAllergies();
        record.AddLongTermConditions();
        var cancer = CancerPathway.Choose(record);
        EncounterHistory.Add(record);
        if (cancer is not null)
        {
            CancerPathway.Add(record, cancer);
        }

        PatientAlerts.Add(record, DemoRandom.For(seed, "alerts", slot.Index));

        return record.Builder.ToBundle();
    }

    /// <summary>An instant <paramref name="days"/> before <see cref="Now"/>, at a time of day drawn between the hours given.</summary>
    public DateTimeOffset DaysAgo(int days, int fromHour = 8, int toHour = 18)
    {
        var date = DateOnly.FromDateTime(LondonTime.ToLocal(Now).DateTime).AddDays(-days);
        var minutes = Random.Between(fromHour * 60, (toHour * 60) - 1);
        return LondonTime.At(date, new TimeOnly(minutes / 60, minutes % 60));
    }

    private void AddPatient()
    {
        Gender = Random.Chance(0.51) ? AdministrativeGender.Female : AdministrativeGender.Male;
        var (minAge, maxAge) = Random.Pick(AgeBands);
        if (Slot.Ward?.Specialty == Specialty.CareOfTheElderly)
        {
            (minAge, maxAge) = (72, 99);
        }

        Age = Random.Between(minAge, maxAge);
        var today = DateOnly.FromDateTime(LondonTime.ToLocal(Now).DateTime);
        var birthDate = today.AddYears(-Age).AddDays(-Random.Between(1, 364));
        var ethnicity = Random.Pick(UkNames.EthnicCategories);
        var name = UkNames.Pick(Random, Gender, birthDate.Year, ethnicity.Code);
        DisplayName = $"{name.Given} {name.Family.ToUpperInvariant()}";
        var address = LeedsAddresses.Home(Random, out var district);
        var nearby = Hospital.Primary.Practices.Where(p => p.District == district).ToList();
        Practice = nearby.Count > 0 && Random.Chance(0.8) ? Random.Pick(nearby) : Random.Pick(Hospital.Primary.Practices);
        Gp = Random.Pick(Practice.Gps);

        var patient = new Patient
        {
            Extension = [new Extension(UkCore.EthnicCategory, Term.Concept(UkCore.EthnicCategoryEngland, ethnicity.Code, ethnicity.Display))],
            Active = true,
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = name.Family, Given = [name.Given], Prefix = [name.Prefix] }],
            Gender = Gender,
            BirthDate = LondonTime.Format(birthDate),
            Address = [address],
            GeneralPractitioner = [RecordBuilder.Ref(Practice.Organization, Practice.Organization.Name)],
            ManagingOrganization = RecordBuilder.Ref(Hospital.Trust, Hospital.Trust.Name),
        };
        if (Slot.NhsNumber is { } nhsNumber)
        {
            var verified = Term.Concept(UkCore.NhsNumberVerificationStatusEngland, "01", "Number present and verified");
            patient.Identifier.Add(new Identifier(NhsNumber.System, nhsNumber.Value) { Extension = [new Extension(UkCore.NhsNumberVerificationStatus, verified)] });
        }

        patient.Identifier.Add(new Identifier(UkCore.HospitalNumber, Slot.HospitalNumber)
        {
            Use = Identifier.IdentifierUse.Usual,
            Type = Term.Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
        });
        if (Random.Chance(0.6))
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, LeedsAddresses.Landline(Random)));
        }

        if (Age < 90 && Random.Chance(0.85))
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, LeedsAddresses.Mobile(Random)));
        }

        if (Random.Chance(0.6))
        {
            var kinGender = Random.Chance(0.5) ? AdministrativeGender.Female : AdministrativeGender.Male;
            var kin = UkNames.Pick(Random, kinGender, birthDate.Year + Random.Between(-5, 30), ethnicity.Code);
            patient.Contact.Add(new Patient.ContactComponent
            {
                Relationship = [Term.Concept("http://terminology.hl7.org/CodeSystem/v2-0131", "N", "Next-of-Kin")],
                Name = new HumanName { Family = kin.Family, Given = [kin.Given], Prefix = [kin.Prefix] },
                Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, LeedsAddresses.Mobile(Random))],
                Gender = kinGender,
            });
        }

        Patient = Builder.Add(patient, "Patient");
    }
}
