using System.Runtime.CompilerServices;

namespace Leodis.Fhir.Access;

/// <summary>
/// What one caller may do with patient data: which resource types they may read and write, whose records they may
/// see (every patient, or those they have a legitimate relationship with or have broken the glass for), and whether
/// sensitive and restricted records are shown. The engine applies it inside every query (see <see cref="AccessFilter"/>).
/// </summary>
public sealed record AccessPolicy
{
    /// <summary>The engine's own callers (the HL7 v2 feed, demo data, import): everything, no relationship needed.</summary>
    public static AccessPolicy System { get; } = new()
    {
        User = "system",
        AllPatients = true,
        SeesSensitive = true,
        SeesRestricted = true,
        Allows = static (_, _) => true,
    };

    /// <summary>The user's name, as break-glass grants record it.</summary>
    public required string User { get; init; }

    /// <summary>The user's organisation (ODS code); its Organization resources are the user's party in relationships.</summary>
    public string? OrganizationCode { get; init; }

    /// <summary>The user's Practitioner id (fhirUser), also a party in relationships (care teams, encounter participants).</summary>
    public string? PractitionerId { get; init; }

    /// <summary>True when no legitimate relationship is needed (system integration, population analytics).</summary>
    public bool AllPatients { get; init; }

    /// <summary>True when resources labelled sensitive (sexual health, mental health, safeguarding...) are shown.</summary>
    public bool SeesSensitive { get; init; }

    /// <summary>True when patients marked restricted are shown without breaking the glass.</summary>
    public bool SeesRestricted { get; init; }

    /// <summary>A SMART patient-level token's launch patient: nothing of any other patient is visible.</summary>
    public string? PatientContext { get; init; }

    /// <summary>How far back an ended encounter, care team or referral still counts as a relationship.</summary>
    public TimeSpan RecentRelationship { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Whether an action on a resource type is allowed (role and token scopes together).</summary>
    public required Func<string, AccessAction, bool> Allows { get; init; }

    // The readable types of each Allows function, worked out once: callers reuse one function per role and scopes.
    private static readonly ConditionalWeakTable<Func<string, AccessAction, bool>, ReadableList> Readable = new();

    /// <summary>The resource types this policy may read, or null for all of them.</summary>
    public IReadOnlyList<string>? ReadableTypes() => Readable.GetValue(Allows, static allows =>
    {
        var types = Hl7.Fhir.Model.ModelInfo.SupportedResources.Where(t => allows(t, AccessAction.Read)).ToList();
        return new ReadableList(types.Count == Hl7.Fhir.Model.ModelInfo.SupportedResources.Count ? null : types);
    }).Types;

    /// <summary>Throws a 403 unless the action on the type is allowed.</summary>
    public void Demand(string resourceType, AccessAction action)
    {
        if (!Allows(resourceType, action))
        {
            throw FhirException.Forbidden($"You may not {Describe(action)} {resourceType} resources.");
        }
    }

    private static string Describe(AccessAction action) => action switch
    {
        AccessAction.Create => "create",
        AccessAction.Read => "read",
        AccessAction.Update => "update",
        AccessAction.Delete => "delete",
        AccessAction.Search => "search",
        _ => action.ToString().ToLowerInvariant(),
    };

    private sealed record ReadableList(IReadOnlyList<string>? Types);
}
