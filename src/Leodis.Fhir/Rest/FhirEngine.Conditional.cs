using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir.Access;
using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>
/// Conditional create, update, patch and delete (http.html#cond-update and friends), and the search that resolves a
/// conditional reference in a transaction. Criteria are searched inside the write's session: zero, one or several
/// matches decide the outcome as the spec says.
/// </summary>
public sealed partial class FhirEngine
{
    /// <summary>
    /// The resources of <paramref name="type"/> that meet a query string's criteria (at most two are needed). Matching
    /// sees every resource, so a hidden record is never duplicated; what the caller then does with a match is checked
    /// like any other read or write.
    /// </summary>
    internal async Task<IReadOnlyList<FoundResource>> MatchAsync(string type, string criteria, IStoreSession session, string baseUrl, CancellationToken ct)
    {
        var query = FhirRequest.ParseQuery(criteria);
        if (query.Count == 0)
        {
            throw FhirException.BadRequest($"Conditional {type} needs search criteria.");
        }

        var search = new SearchRequestParser(indexer.Registry).Parse(type, query, strict: true);
        return await session.QueryAsync(new SqlSearchBuilder(indexer.Registry, baseUrl, AccessFilter.None).Page(search, 2, 0), ct);
    }

    /// <summary>
    /// Criteria in one normal form (type, then parameters in a fixed order): the name of the lock a conditional create or
    /// update takes before it searches, so two writers with the same criteria cannot both find nothing and both create,
    /// and how a transaction's conditional reference finds the entry that makes what it names.
    /// </summary>
    internal static string CriteriaKey(string type, string criteria) =>
        type + "?" + string.Join("&", FhirRequest.ParseQuery(criteria).Select(q => $"{q.Key}={q.Value}").Order(StringComparer.Ordinal));

    internal async Task<FhirResponse> ConditionalCreateAsync(
        string type, Resource body, string? ifNoneExist, IStoreSession session, string? assignedId, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        if (ifNoneExist is not null)
        {
            await session.LockAsync([CriteriaKey(type, ifNoneExist)], ct);
            var matches = await MatchAsync(type, ifNoneExist, session, baseUrl, ct);
            if (matches.Count > 1)
            {
                throw FhirException.PreconditionFailed($"If-None-Exist '{ifNoneExist}' matches more than one {type}.");
            }

            if (matches.Count == 1)
            {
                await EnsureWritableAsync(access, session, matches[0].Resource, ct);
                // Already there: nothing is created, and the client is told where it is.
                return FhirResponse.Of(HttpStatusCode.OK, matches[0].Resource, withLocation: true);
            }
        }

        return await CreateAsync(type, body, session, assignedId, access, ct);
    }

    internal async Task<FhirResponse> ConditionalUpdateAsync(
        string type, FhirRequest request, IStoreSession session, string? assignedId, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        var body = RequireBody(request);
        await session.LockAsync([CriteriaKey(type, QueryOf(request))], ct);
        var matches = await MatchAsync(type, QueryOf(request), session, baseUrl, ct);
        switch (matches.Count)
        {
            case > 1:
                throw FhirException.PreconditionFailed($"The criteria match more than one {type}; a conditional update needs one.");
            case 1:
                var id = matches[0].Resource.Id;
                if (body.Id is not null && body.Id != id)
                {
                    throw FhirException.BadRequest($"The body's id '{body.Id}' is not the id of the matching {type} ('{id}').", $"{type}.id");
                }

                body.Id = id;
                return await UpdateAsync(type, id, body, request.IfMatch, session, access, ct);
            default:
                if (body.Id is { } clientId)
                {
                    return await UpdateAsync(type, clientId, body, request.IfMatch, session, access, ct);
                }

                return await CreateAsync(type, body, session, assignedId, access, ct);
        }
    }

    private async Task<FhirResponse> ConditionalPatchAsync(string type, FhirRequest request, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        var matches = await MatchAsync(type, QueryOf(request), session, baseUrl, ct);
        return matches.Count switch
        {
            0 => throw FhirException.NotFound($"No {type} matches the criteria."),
            > 1 => throw FhirException.PreconditionFailed($"The criteria match more than one {type}; a conditional patch needs one."),
            _ => await PatchAsync(type, matches[0].Resource.Id, request, session, access, ct),
        };
    }

    private async Task<FhirResponse> ConditionalDeleteAsync(string type, FhirRequest request, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        var matches = await MatchAsync(type, QueryOf(request), session, baseUrl, ct);
        return matches.Count switch
        {
            0 => new FhirResponse(HttpStatusCode.NoContent),
            > 1 => throw FhirException.PreconditionFailed($"The criteria match more than one {type}; this server deletes one at a time."),
            _ => await DeleteAsync(type, matches[0].Resource.Id, request.IfMatch, session, access, ct),
        };
    }

    private static string QueryOf(FhirRequest request) =>
        FhirRequest.ToQueryString(request.Query.Where(q => q.Key is not ("_format" or "_pretty")));
}
