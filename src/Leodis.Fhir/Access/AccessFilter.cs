using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;

namespace Leodis.Fhir.Access;

/// <summary>
/// An <see cref="AccessPolicy"/> as SQL: the condition under which a row of resources (any alias) may be seen. Search,
/// includes, chains, _has, reads, history and conditional matches all add it, so a hidden resource is never counted,
/// matched, followed or returned: it looks exactly like one that does not exist.
/// </summary>
public sealed class AccessFilter
{
    /// <summary>The meta.security codes that mark a resource sensitive (HL7 v3 ActCode and Confidentiality).</summary>
    public static readonly IReadOnlyList<string> SensitiveCodes =
        ["HIV", "PSY", "SDV", "ETH", "STD", "SEX", "SOC", "SICKLE", "GDIS", "SUD", "safeguarding", "sexual-health"];

    /// <summary>The Confidentiality codes that mark a patient's whole record restricted.</summary>
    public static readonly IReadOnlyList<string> RestrictedCodes = ["R", "V"];

    private readonly AccessPolicy policy;
    private readonly AccessParties.Parties parties;
    private readonly long since;
    private readonly long now;
    private readonly IReadOnlyList<string>? readable;

    public AccessFilter(AccessPolicy policy, DateTimeOffset now, AccessParties.Parties? parties = null)
    {
        this.policy = policy;
        this.parties = parties ?? AccessParties.Parties.None;
        this.now = now.UtcTicks;
        since = (now - policy.RecentRelationship).UtcTicks;
        readable = policy.ReadableTypes();
    }

    public static AccessFilter None { get; } = new(AccessPolicy.System, DateTimeOffset.UnixEpoch);

    public AccessPolicy Policy => policy;

    /// <summary>True when the policy hides nothing and no condition is needed.</summary>
    public bool IsEmpty => readable is null && policy is { AllPatients: true, SeesSensitive: true, SeesRestricted: true, PatientContext: null };

    /// <summary>The condition on resources aliased <paramref name="alias"/>, or "1 = 1".</summary>
    public string Visible(string alias, SqlParameters p)
    {
        if (IsEmpty)
        {
            return "1 = 1";
        }

        var conditions = new List<string>();
        if (readable is not null)
        {
            conditions.Add(readable.Count == 0 ? "1 = 0" : $"{alias}.resource_type IN ({string.Join(", ", readable.Select(t => p.Add(t)))})");
        }

        if (!policy.SeesSensitive)
        {
            conditions.Add($"NOT EXISTS (SELECT 1 FROM search_token sl WHERE sl.rid = {alias}.rid AND sl.param = {p.Add(AccessIndex.SecurityKey)} " +
                           $"AND sl.code IN ({string.Join(", ", SensitiveCodes.Concat(RestrictedCodes).Select(c => p.Add(c)))}))");
        }

        if (NeedsPatientCheck)
        {
            conditions.Add($"({alias}.resource_type <> {p.Add("Patient")} OR {Allowed($"{alias}.id", p)})");
            conditions.Add($"NOT EXISTS (SELECT 1 FROM search_reference pl WHERE pl.rid = {alias}.rid AND pl.param = {p.Add(AccessIndex.PatientKey)} " +
                           $"AND NOT {Allowed("pl.target_id", p)})");
        }

        return conditions.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", conditions) + ")";
    }

    private bool NeedsPatientCheck => !policy.AllPatients || !policy.SeesRestricted || policy.PatientContext is not null;

    /// <summary>
    /// The condition that this policy may see the record of the Patient whose id is <paramref name="patientId"/>:
    /// the launch patient only, under a patient-level token; a legitimate relationship (or a break-glass grant) unless
    /// the role needs none; and not a restricted record unless the role sees those or the glass was broken.
    /// </summary>
    public string Allowed(string patientId, SqlParameters p)
    {
        var conditions = new List<string>();
        if (policy.PatientContext is { } context)
        {
            conditions.Add($"{patientId} = {p.Add(context)}");
        }

        var brokenGlass = $"EXISTS (SELECT 1 FROM break_glass g WHERE g.patient_id = {patientId} AND g.user_name = {p.Add(policy.User)} AND g.expires > {p.Add(now)})";
        if (!policy.AllPatients)
        {
            conditions.Add($"({Related(patientId, p)} OR {brokenGlass})");
        }

        if (!policy.SeesRestricted)
        {
            conditions.Add($"(NOT EXISTS (SELECT 1 FROM resources rp JOIN search_token rl ON rl.rid = rp.rid WHERE rp.resource_type = {p.Add("Patient")} " +
                           $"AND rp.id = {patientId} AND rl.param = {p.Add(AccessIndex.SecurityKey)} AND rl.code IN ({string.Join(", ", RestrictedCodes.Select(c => p.Add(c)))})) " +
                           $"OR {brokenGlass})");
        }

        return conditions.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", conditions) + ")";
    }

    /// <summary>A relationship resource (or the Patient's own GP registration) naming one of the user's parties, not ended long ago.</summary>
    private string Related(string patientId, SqlParameters p)
    {
        var party = Party("rb", p);
        return $"(EXISTS (SELECT 1 FROM search_reference ra JOIN search_reference rb ON rb.rid = ra.rid " +
               $"WHERE ra.param = {p.Add(AccessIndex.RelationshipPatientKey)} AND ra.target_id = {patientId} AND ra.target_type = {p.Add("Patient")} " +
               $"AND rb.param = {p.Add(AccessIndex.PartyKey)} AND {party} " +
               $"AND NOT EXISTS (SELECT 1 FROM search_date re WHERE re.rid = ra.rid AND re.param = {p.Add(AccessIndex.EndKey)} AND re.high < {p.Add(since)}))" +
               $" OR EXISTS (SELECT 1 FROM resources gp JOIN search_reference gb ON gb.rid = gp.rid WHERE gp.resource_type = {p.Add("Patient")} " +
               $"AND gp.id = {patientId} AND gb.param = {p.Add(AccessIndex.PartyKey)} AND {Party("gb", p)}))";
    }

    /// <summary>
    /// The reference in <paramref name="alias"/> names the user: their organisation (its Organizations, their parts and
    /// the services they provide, resolved beforehand by <see cref="AccessParties"/>) or the user's own Practitioner.
    /// </summary>
    private string Party(string alias, SqlParameters p)
    {
        var conditions = new List<string>();
        if (parties.Organizations.Count > 0)
        {
            conditions.Add($"({alias}.target_type = {p.Add("Organization")} AND {alias}.target_id IN ({string.Join(", ", parties.Organizations.Select(o => p.Add(o)))}))");
        }

        if (parties.Services.Count > 0)
        {
            conditions.Add($"({alias}.target_type = {p.Add("HealthcareService")} AND {alias}.target_id IN ({string.Join(", ", parties.Services.Select(s => p.Add(s)))}))");
        }

        if (policy.PractitionerId is { } practitioner)
        {
            conditions.Add($"({alias}.target_type = {p.Add("Practitioner")} AND {alias}.target_id = {p.Add(practitioner)})");
        }

        return conditions.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", conditions) + ")";
    }
}
