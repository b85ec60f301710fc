using System.Globalization;
using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// The demo acute trust and the primary and community care around it: the trust (ODS RR8) with two sites, wards and
/// beds, the Emergency Department, outpatient clinics, specialty services, consultants and nurses; GP practices and
/// their GPs; the community trust and its services. It is the same for every seed (it comes from a fixed stream), so
/// cohorts made with different seeds share one hospital when loaded into one server.
/// </summary>
public sealed class Hospital
{
    private const long HospitalSeed = 0x1EED5_2026;

    // (name, specialty, site index, beds): Yorkshire rivers, so no name is a real ward's.
    private static readonly (string Name, Specialty Specialty, int Site, int Beds)[] WardPlan =
    [
        ("Aire Ward", Specialty.GeneralMedicine, 0, 28), ("Calder Ward", Specialty.GeneralMedicine, 0, 28),
        ("Wharfe Ward", Specialty.CareOfTheElderly, 0, 28), ("Nidd Ward", Specialty.CareOfTheElderly, 0, 24),
        ("Swale Ward", Specialty.MedicalOncology, 0, 24), ("Ure Ward", Specialty.Haematology, 0, 20),
        ("Derwent Ward", Specialty.GeneralSurgery, 0, 28), ("Don Ward", Specialty.Cardiology, 1, 24),
        ("Colne Ward", Specialty.Respiratory, 1, 24), ("Esk Ward", Specialty.GeneralSurgery, 1, 24),
        ("Ouse Ward", Specialty.CareOfTheElderly, 1, 28),
    ];

    private static readonly Lazy<Hospital> Shared = new(() => new Hospital());

    private readonly RecordBuilder builder;

    private Hospital()
    {
        var random = DemoRandom.For(HospitalSeed, "hospital", 0);
        builder = new RecordBuilder(random);
        Trust = builder.Add(
            new Organization
            {
                Identifier = [new Identifier(UkCore.OdsOrganisationCode, "RR8") { Use = Identifier.IdentifierUse.Official }],
                Active = true,
                Type = [Term.Concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
                Name = "LEEDS TEACHING HOSPITALS NHS TRUST",
                Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, "0113 496 0000")],
                Address = [SiteAddress("ST. JAMES'S UNIVERSITY HOSPITAL", "BECKETT STREET", "LS9 7TF")],
            },
            "Organization");
        Sites =
        [
            Site("ST JAMES'S UNIVERSITY HOSPITAL", "RR813", SiteAddress("ST. JAMES'S UNIVERSITY HOSPITAL", "BECKETT STREET", "LS9 7TF")),
            Site("LEEDS GENERAL INFIRMARY", "RR801", SiteAddress("LEEDS GENERAL INFIRMARY", "GREAT GEORGE STREET", "LS1 3EX")),
        ];
        foreach (var specialty in Specialty.All)
        {
            Consultants[specialty] = Enumerable.Range(0, specialty == Specialty.EmergencyMedicine ? 3 : 4)
                .Select(_ => Clinician.Create(builder, random, Trust, ("R0050", "Consultant"), specialty.PracticeSetting, doctor: true))
                .ToList();
            var site = Sites[specialty == Specialty.Cardiology || specialty == Specialty.Respiratory || specialty == Specialty.EmergencyMedicine ? 1 : 0];
            Clinics[specialty] = specialty == Specialty.EmergencyMedicine
                ? Area("Emergency Department", site, "ER", "Emergency room", "area", "Area")
                : Area($"{specialty.Name} Outpatients", site, "HU", "Hospital unit", "area", "Area");
            Services[specialty] = builder.Add(
                new HealthcareService
                {
                    Active = true,
                    ProvidedBy = RecordBuilder.Ref(Trust, Trust.Name),
                    Type = [specialty.Service.ToConcept()],
                    Specialty = [new CodeableConcept { Coding = [specialty.PracticeSetting], Text = specialty.Name }],
                    Location = [RecordBuilder.Ref(Clinics[specialty], Clinics[specialty].Name)],
                    Name = specialty.Name,
                },
                "HealthcareService");
        }

        foreach (var specialty in Specialty.All.Where(s => s.Cancer))
        {
            CancerNurses[specialty] = Enumerable.Range(0, 2)
                .Select(_ => Clinician.Create(builder, random, Trust, ("R0600", "Specialist Nurse Practitioner"), specialty.PracticeSetting, doctor: false))
                .ToList();
        }

        foreach (var (name, specialty, siteIndex, bedCount) in WardPlan)
        {
            var site = Sites[siteIndex];
            var ward = Area(name, site, "HU", "Hospital unit", "wa", "Ward");
            var beds = Enumerable.Range(1, bedCount)
                .Select(n => Area(string.Create(CultureInfo.InvariantCulture, $"{name} Bed {n:D2}"), ward, null, null, "bd", "Bed"))
                .ToList();
            var nurse = Clinician.Create(builder, random, Trust, ("R0610", "Sister/Charge Nurse"), specialty.PracticeSetting, doctor: false);
            Wards.Add(new Ward(ward, specialty, beds, site, nurse));
        }

        Primary = new PrimaryCare(builder, random);
    }

    /// <summary>The one demo hospital (built once per process; it never changes).</summary>
    public static Hospital Instance => Shared.Value;

    internal Organization Trust { get; }

    internal IReadOnlyList<Location> Sites { get; }

    internal Dictionary<Specialty, List<Clinician>> Consultants { get; } = [];

    internal Dictionary<Specialty, List<Clinician>> CancerNurses { get; } = [];

    /// <summary>Each specialty's outpatient clinic; for Emergency Medicine, the Emergency Department.</summary>
    internal Dictionary<Specialty, Location> Clinics { get; } = [];

    internal Dictionary<Specialty, HealthcareService> Services { get; } = [];

    internal List<Ward> Wards { get; } = [];

    internal PrimaryCare Primary { get; }

    /// <summary>How many resources the hospital bundle holds.</summary>
    public int ResourceCount => builder.Resources.Count;

    /// <summary>Every hospital, GP and community resource as one transaction bundle (a new object each call).</summary>
    public Bundle ToBundle() => (Bundle)builder.ToBundle().DeepCopy();

    internal Location EmergencyDepartment => Clinics[Specialty.EmergencyMedicine];

    private Location Site(string name, string odsSiteCode, Address address) => builder.Add(
        new Location
        {
            Identifier = [new Identifier(UkCore.OdsSiteCode, odsSiteCode)],
            Status = Location.LocationStatus.Active,
            Name = name,
            Type = [Term.Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HOSP", "Hospital")],
            PhysicalType = Term.Concept("http://terminology.hl7.org/CodeSystem/location-physical-type", "si", "Site"),
            Address = address,
            ManagingOrganization = RecordBuilder.Ref(Trust, Trust.Name),
        },
        "Location");

    private Location Area(string name, Location partOf, string? roleCode, string? roleDisplay, string physicalType, string physicalDisplay) => builder.Add(
        new Location
        {
            Status = Location.LocationStatus.Active,
            Name = name,
            Mode = Location.LocationMode.Instance,
            Type = roleCode is null ? [] : [Term.Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", roleCode, roleDisplay ?? roleCode)],
            PhysicalType = Term.Concept("http://terminology.hl7.org/CodeSystem/location-physical-type", physicalType, physicalDisplay),
            ManagingOrganization = RecordBuilder.Ref(Trust, Trust.Name),
            PartOf = RecordBuilder.Ref(partOf, partOf.Name),
        },
        "Location");

    private static Address SiteAddress(string line1, string line2, string postcode) => new()
    {
        Use = Address.AddressUse.Work,
        Line = [line1, line2],
        City = "LEEDS",
        PostalCode = postcode,
        Country = "GB",
    };
}
