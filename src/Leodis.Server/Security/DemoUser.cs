using Leodis.Server.Demo;

namespace Leodis.Server.Security;

/// <summary>A seeded user of the built-in identity provider: who they are, their role and their organisation (ODS code).</summary>
public sealed record DemoUser(string UserName, string Name, string Role, string Organization, string OrganizationName)
{
    /// <summary>
    /// One user per role at the hospital, plus a GP and a community care coordinator (other organisations: read only).
    /// The GP practice is the demo cohort's first practice, so the GP sees that practice's registered patients.
    /// </summary>
    public static IReadOnlyList<DemoUser> All { get; } = Seed();

    /// <summary>Where else the user works (role and organisation), as an NHS smartcard holds several positions.</summary>
    public IReadOnlyList<DemoUser> OtherPositions { get; init; } = [];

    /// <summary>Every position the user holds, the first (this record's role and organisation) first.</summary>
    public IEnumerable<DemoUser> Positions => OtherPositions.Prepend(this);

    /// <summary>Whether <paramref name="given"/> is the demo password (compared in constant time); never with none set.</summary>
    public static bool PasswordMatches(string? expected, string? given) =>
        expected is { Length: > 0 } && given is not null &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expected)),
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(given)));

    public static DemoUser? Find(string userName) => All.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.Ordinal));

    private static List<DemoUser> Seed()
    {
        var practice = Hospital.Instance.Primary.Practices[0].Organization;
        var trust = "LEEDS TEACHING HOSPITALS NHS TRUST";
        var community = "LEEDS COMMUNITY HEALTHCARE NHS TRUST";
        return
        [
            new("dr.patel", "Dr Anika Patel", Security.Role.Clinician, "RR8", trust),
            new("nurse.okafor", "Grace Okafor", Security.Role.Nurse, "RR8", trust),
            new("clerk.smith", "Jordan Smith", Security.Role.AdminClerk, "RR8", trust),
            new("coordinator.ali", "Samira Ali", Security.Role.CareCoordinator, "RR8", trust)
            {
                // HomeFirst coordinators work for the hospital and the community trust.
                OtherPositions = [new("coordinator.ali", "Samira Ali", Security.Role.CareCoordinator, "RY6", community)],
            },
            new("analyst.jones", "Owen Jones", Security.Role.Analyst, "RR8", trust),
            new("privacy.walsh", "Niamh Walsh", Security.Role.PrivacyOfficer, "RR8", trust),
            new("pas.integration", "PAS interface", Security.Role.SystemIntegration, "RR8", trust),
            new("dr.brown", "Dr Ellis Brown", Security.Role.Clinician, practice.Identifier[0].Value ?? "B86001", practice.Name ?? "GP PRACTICE"),
            new("coordinator.hughes", "Megan Hughes", Security.Role.CareCoordinator, "RY6", community),
        ];
    }
}
