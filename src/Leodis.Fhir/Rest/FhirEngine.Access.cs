using Leodis.Fhir.Access;
using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>
/// The access gate's checks outside search: may this caller see one resource, change it, and link what they write to
/// its patients. Search applies the same <see cref="AccessFilter"/> inside its SQL.
/// </summary>
public sealed partial class FhirEngine
{
    /// <summary>The caller's filter, with their organisation's parties looked up (cached) when relationships matter.</summary>
    internal async Task<AccessFilter> FilterAsync(AccessPolicy policy, IStoreSession session, CancellationToken ct)
    {
        if (ReferenceEquals(policy, AccessPolicy.System))
        {
            return AccessFilter.None;
        }

        var parties = policy.AllPatients ? null : await accessParties.ForAsync(policy.OrganizationCode, session, ct);
        return new AccessFilter(policy, clock.GetUtcNow(), parties);
    }

    /// <summary>The action an interaction comes down to, for role and scope checks.</summary>
    private static AccessAction ActionOf(InteractionKind kind) => kind switch
    {
        InteractionKind.Read or InteractionKind.VRead or InteractionKind.HistoryInstance => AccessAction.Read,
        InteractionKind.Create => AccessAction.Create,
        InteractionKind.Update or InteractionKind.Patch or InteractionKind.ConditionalUpdate or InteractionKind.ConditionalPatch => AccessAction.Update,
        InteractionKind.Delete or InteractionKind.ConditionalDelete => AccessAction.Delete,
        _ => AccessAction.Search,
    };

    /// <summary>True when the live resource type/id passes the caller's filter (always true for the engine's own callers).</summary>
    private static async Task<bool> IsVisibleAsync(AccessFilter access, IStoreSession session, string type, string id, CancellationToken ct)
    {
        if (access.IsEmpty)
        {
            return true;
        }

        var p = new SqlParameters();
        var sql = $"SELECT count(*) FROM resources r WHERE r.resource_type = {p.Add(type)} AND r.id = {p.Add(id)} " +
                  $"AND r.is_deleted = {p.Add(false)} AND {access.Visible("r", p)}";
        return Convert.ToInt64(await session.ScalarAsync(new SqlQuery(sql, p.Values), ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// A resource the caller may not see cannot be changed by them either; the answer says so (403) rather than
    /// pretending it is missing, because a write to a "missing" id would otherwise create it.
    /// </summary>
    internal static async Task EnsureWritableAsync(AccessFilter access, IStoreSession session, StoredResource? current, CancellationToken ct)
    {
        if (current is { IsDeleted: false } && !await IsVisibleAsync(access, session, current.ResourceType, current.Id, ct))
        {
            // No id in the message: a conditional write's criteria may have matched a resource the caller never named.
            throw FhirException.Forbidden($"You may not change that {current.ResourceType}.");
        }
    }

    /// <summary>
    /// After a write, inside its transaction: every patient the new version belongs to must be one the caller may see.
    /// Checked after writing so that the write itself can make the relationship (an admission to the caller's own ward).
    /// </summary>
    private static async Task EnsurePatientsAllowedAsync(AccessFilter access, IStoreSession session, ResourceIndex? index, CancellationToken ct)
    {
        if (access.IsEmpty || index is null)
        {
            return;
        }

        foreach (var patient in index.References.Where(r => r.Param == AccessIndex.PatientKey).Select(r => r.TargetId!).Distinct(StringComparer.Ordinal))
        {
            var p = new SqlParameters();
            var allowed = await session.ScalarAsync(new SqlQuery($"SELECT CASE WHEN {access.Allowed(p.Add(patient), p)} THEN 1 ELSE 0 END", p.Values), ct);
            if (Convert.ToInt64(allowed, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw FhirException.Forbidden("You may not write to the record of a patient you have no relationship with.");
            }
        }
    }
}
