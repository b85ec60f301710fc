using System.Globalization;
using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A member of staff: the Practitioner and the PractitionerRole that says where and as what they work.</summary>
internal sealed record Clinician(Practitioner Practitioner, PractitionerRole Role, string DisplayName)
{
    public ResourceReference Reference => RecordBuilder.Ref(Practitioner, DisplayName);

    /// <summary>Adds a doctor (GMC number) or nurse (NMC PIN) with a role at <paramref name="organization"/>.</summary>
    public static Clinician Create(
        RecordBuilder builder, DemoRandom random, Organization organization, (string Code, string Display) jobRole, Coding? specialty, bool doctor)
    {
        var gender = random.Chance(0.5) ? AdministrativeGender.Female : AdministrativeGender.Male;
        var name = UkNames.Pick(random, gender, random.Between(1960, 1995), random.Pick(UkNames.EthnicCategories).Code);
        var prefix = doctor ? "Dr" : name.Prefix;
        var identifier = doctor
            ? new Identifier(UkCore.GmcNumber, random.Between(2_000_000, 7_999_999).ToString(CultureInfo.InvariantCulture))
            : new Identifier(UkCore.NmcNumber, string.Create(CultureInfo.InvariantCulture, $"{random.Between(10, 24):D2}{(char)('A' + random.Next(26))}{random.Between(1000, 9999)}{(char)('A' + random.Next(26))}"));
        var practitioner = builder.Add(
            new Practitioner
            {
                Identifier = [identifier],
                Active = true,
                Name = [new HumanName { Use = HumanName.NameUse.Official, Family = name.Family, Given = [name.Given], Prefix = [prefix] }],
                Gender = gender,
                Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, LeedsAddresses.Landline(random))],
            },
            "Practitioner");
        var display = $"{prefix} {name.Given} {name.Family}";
        var role = builder.Add(
            new PractitionerRole
            {
                Active = true,
                Practitioner = RecordBuilder.Ref(practitioner, display),
                Organization = RecordBuilder.Ref(organization, organization.Name),
                Code = [new CodeableConcept { Coding = [new Coding(UkCore.SdsJobRoleName, jobRole.Code, jobRole.Display)], Text = jobRole.Display }],
                Specialty = specialty is null ? [] : [new CodeableConcept { Coding = [specialty], Text = specialty.Display }],
            },
            "PractitionerRole");
        return new Clinician(practitioner, role, display);
    }
}
