using System.Globalization;
using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A GP practice: its Organization (ODS code B86xxx, the Leeds range), where it is and its GPs.</summary>
internal sealed record GpPractice(Organization Organization, PostcodeDistrict District, IReadOnlyList<Clinician> Gps);

/// <summary>A community service people are discharged to, with the SNOMED care setting it provides.</summary>
internal sealed record CommunityService(HealthcareService Service, Term Setting, string Referral);

/// <summary>
/// Care outside the hospital: GP practices with their GPs, and the community trust (ODS RY6) with district nursing,
/// intermediate care and community rehabilitation, where patients are discharged to.
/// </summary>
internal sealed class PrimaryCare
{
    private const int PracticeCount = 30;

    private static readonly string[] PracticeKinds = ["Medical Practice", "Surgery", "Health Centre", "Medical Centre", "Family Practice"];

    public PrimaryCare(RecordBuilder builder, DemoRandom random)
    {
        var codes = new HashSet<int>();
        for (var i = 0; i < PracticeCount; i++)
        {
            var district = LeedsAddresses.Districts[i % LeedsAddresses.Districts.Count];
            int code;
            do
            {
                code = random.Between(1, 999);
            }
            while (!codes.Add(code));

            var name = $"{district.Area} {PracticeKinds[i % PracticeKinds.Length]}";
            var practice = builder.Add(
                new Organization
                {
                    Identifier = [new Identifier(UkCore.OdsOrganisationCode, string.Create(CultureInfo.InvariantCulture, $"B86{code:D3}")) { Use = Identifier.IdentifierUse.Official }],
                    Active = true,
                    Type = [Term.Concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
                    Name = name.ToUpperInvariant(),
                    Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, LeedsAddresses.Landline(random))],
                    Address = [LeedsAddresses.Address($"{random.Between(1, 120)} {LeedsAddresses.Street(random)}", district, LeedsAddresses.Postcode(random, district), Address.AddressUse.Work)],
                },
                "Organization");
            var gps = Enumerable.Range(0, 3)
                .Select(_ => Clinician.Create(builder, random, practice, ("R0260", "General Medical Practitioner"), new Coding(UkCore.PracticeSettingCode, "600", "General Medical Practice"), doctor: true))
                .ToList();
            Practices.Add(new GpPractice(practice, district, gps));
        }

        CommunityTrust = builder.Add(
            new Organization
            {
                Identifier = [new Identifier(UkCore.OdsOrganisationCode, "RY6") { Use = Identifier.IdentifierUse.Official }],
                Active = true,
                Type = [Term.Concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
                Name = "LEEDS COMMUNITY HEALTHCARE NHS TRUST",
                Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, "0113 496 0500")],
            },
            "Organization");
        foreach (var (setting, referral) in new[]
        {
            (Term.Snomed("931801000000101", "Community nursing service"), "District nursing: wound care and medicines support at home"),
            (Term.Snomed("892601000000108", "Intermediate care service"), "Intermediate care: short-term support at home after discharge"),
            (Term.Snomed("310131003", "Community rehabilitation service"), "Community rehabilitation: physiotherapy and occupational therapy at home"),
        })
        {
            var service = builder.Add(
                new HealthcareService
                {
                    Active = true,
                    ProvidedBy = RecordBuilder.Ref(CommunityTrust, CommunityTrust.Name),
                    Type = [setting.ToConcept()],
                    Name = setting.Display,
                },
                "HealthcareService");
            Services.Add(new CommunityService(service, setting, referral));
        }

        Nurses = Enumerable.Range(0, 4)
            .Select(_ => Clinician.Create(builder, random, CommunityTrust, ("R0700", "Community Nurse"), null, doctor: false))
            .ToList();
    }

    public List<GpPractice> Practices { get; } = [];

    public Organization CommunityTrust { get; }

    public List<CommunityService> Services { get; } = [];

    public IReadOnlyList<Clinician> Nurses { get; }
}
