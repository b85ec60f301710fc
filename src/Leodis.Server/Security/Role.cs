using Leodis.Fhir.Access;

namespace Leodis.Server.Security;

/// <summary>
/// The roles of Leodis users, after NHS national RBAC and the Leeds Care Record: what each may do to which resource
/// types, whether it needs a legitimate relationship with the patient, sees sensitive records, and may break the glass.
/// </summary>
public sealed record Role(
    string Code,
    string Display,
    Func<string, bool> Reads,
    Func<string, bool> Writes,
    bool AllPatients,
    bool SeesSensitive,
    bool SeesRestricted,
    bool MayBreakGlass)
{
    public const string Clinician = "clinician";
    public const string Nurse = "nurse";
    public const string AdminClerk = "admin-clerk";
    public const string CareCoordinator = "care-coordinator";
    public const string Analyst = "analyst";
    public const string PrivacyOfficer = "privacy-officer";
    public const string SystemIntegration = "system-integration";

    /// <summary>Demographics, encounters and the directory: what a ward clerk or PAS clerk works with.</summary>
    private static readonly HashSet<string> Administrative =
    [
        "Patient", "Encounter", "Appointment", "AppointmentResponse", "Schedule", "Slot", "EpisodeOfCare", "RelatedPerson",
        "Coverage", "Account", "Location", "Organization", "Practitioner", "PractitionerRole", "HealthcareService", "Endpoint",
    ];

    /// <summary>What a care coordinator plans and hands over (HomeFirst): referrals, plans, tasks, teams and messages.</summary>
    private static readonly HashSet<string> Coordination =
    [
        "ServiceRequest", "CarePlan", "Task", "CareTeam", "Goal", "Communication", "CommunicationRequest", "Appointment",
        "EpisodeOfCare", "Flag", "QuestionnaireResponse", "DocumentReference",
    ];

    /// <summary>What a nurse records at the bedside and on the ward.</summary>
    private static readonly HashSet<string> Nursing =
    [
        "Observation", "Task", "CarePlan", "Procedure", "MedicationAdministration", "Flag", "Communication", "DocumentReference",
        "QuestionnaireResponse", "AllergyIntolerance", "Encounter", "Goal", "CareTeam", "Condition",
    ];

    /// <summary>Audit records: written by the server and by other systems' feeds, never by a person.</summary>
    private static readonly HashSet<string> ServerOwned = ["AuditEvent"];

    public static IReadOnlyList<Role> All { get; } =
    [
        new(Clinician, "Clinician", Any, t => !ServerOwned.Contains(t), AllPatients: false, SeesSensitive: true, SeesRestricted: false, MayBreakGlass: true),
        new(Nurse, "Nurse", Any, Nursing.Contains, AllPatients: false, SeesSensitive: false, SeesRestricted: false, MayBreakGlass: true),
        new(AdminClerk, "Admin clerk", Administrative.Contains, Administrative.Contains, AllPatients: false, SeesSensitive: false, SeesRestricted: false, MayBreakGlass: false),
        new(CareCoordinator, "Care coordinator", Any, Coordination.Contains, AllPatients: false, SeesSensitive: false, SeesRestricted: false, MayBreakGlass: true),
        new(Analyst, "Analyst", t => !ServerOwned.Contains(t), None, AllPatients: true, SeesSensitive: false, SeesRestricted: false, MayBreakGlass: false),
        new(PrivacyOfficer, "Privacy officer", None, None, AllPatients: false, SeesSensitive: false, SeesRestricted: false, MayBreakGlass: false),
        // Other systems' AuditEvents arrive as FHIR resources like anything else a feed sends.
        new(SystemIntegration, "System integration", Any, Any, AllPatients: true, SeesSensitive: true, SeesRestricted: true, MayBreakGlass: false),
    ];

    public static Role? Find(string? code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    /// <summary>Whether the role allows an action on a type; <paramref name="hostStaff"/> is false for other organisations, who only read.</summary>
    public bool Allows(string resourceType, AccessAction action, bool hostStaff) => action switch
    {
        AccessAction.Read or AccessAction.Search => Reads(resourceType),
        _ => hostStaff && Writes(resourceType),
    };

    private static bool Any(string type) => true;

    private static bool None(string type) => false;
}
