using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Leodis.Fhir.Access;
using Leodis.Fhir.Patching;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>create, update, patch and delete: each reads the current version under lock and writes the next one.</summary>
public sealed partial class FhirEngine
{
    internal async Task<FhirResponse> CreateAsync(string type, Resource body, IStoreSession session, string? assignedId, AccessFilter access, CancellationToken ct)
    {
        CheckType(body, type);
        access.Policy.Demand(type, AccessAction.Create);
        var stored = await WriteVersionAsync(session, body, type, assignedId ?? Guid.NewGuid().ToString(), null, "POST", access, ct);
        return FhirResponse.Of(HttpStatusCode.Created, stored, withLocation: true);
    }

    private async Task<FhirResponse> UpdateAsync(string type, string id, Resource body, string? ifMatch, IStoreSession session, AccessFilter access, CancellationToken ct)
    {
        access.Policy.Demand(type, AccessAction.Update);
        CheckType(body, type);
        if (body.Id is null)
        {
            throw FhirException.BadRequest("An update needs the resource's id in the body.", $"{type}.id");
        }

        if (body.Id != id)
        {
            throw FhirException.BadRequest($"The id in the body ('{body.Id}') is not the id in the URL ('{id}').", $"{type}.id");
        }

        var current = await session.ReadForUpdateAsync(type, id, ct);
        await EnsureWritableAsync(access, session, current, ct);
        CheckIfMatch(ifMatch, current, type, id);
        if (current is null || current.IsDeleted)
        {
            access.Policy.Demand(type, AccessAction.Create);
        }

        var stored = await WriteVersionAsync(session, body, type, id, current, "PUT", access, ct);
        var created = current is null || current.IsDeleted;
        return FhirResponse.Of(created ? HttpStatusCode.Created : HttpStatusCode.OK, stored, withLocation: true);
    }

    private async Task<FhirResponse> PatchAsync(string type, string id, FhirRequest request, IStoreSession session, AccessFilter access, CancellationToken ct)
    {
        access.Policy.Demand(type, AccessAction.Update);
        var current = await session.ReadForUpdateAsync(type, id, ct) ?? throw FhirException.NotFound($"{type}/{id} is not known.");
        if (current.IsDeleted)
        {
            throw FhirException.Gone($"{type}/{id} was deleted.");
        }

        await EnsureWritableAsync(access, session, current, ct);

        CheckIfMatch(request.IfMatch, current, type, id);
        string patchedJson;
        if (request.JsonPatch is { } jsonPatch)
        {
            patchedJson = JsonPatch.Apply(current.Json!, jsonPatch);
        }
        else if (request.Body is Parameters parameters)
        {
            var resource = FhirFormat.ParseStored(current.Json!);
            FhirPathPatch.Apply(resource, parameters);
            patchedJson = FhirFormat.ToJson(resource);
        }
        else
        {
            throw FhirException.Of(
                HttpStatusCode.UnsupportedMediaType,
                OperationOutcome.IssueType.NotSupported,
                "A patch is a JSON Patch document (application/json-patch+json) or a FHIRPath Patch Parameters resource.");
        }

        Resource patched;
        try
        {
            patched = FhirFormat.ParseJson(patchedJson);
        }
        catch (FhirException e)
        {
            throw new FhirException(HttpStatusCode.UnprocessableEntity, e.Outcome);
        }

        if (patched.TypeName != type || patched.Id != id)
        {
            throw FhirException.Unprocessable("A patch may not change a resource's type or id.");
        }

        var stored = await WriteVersionAsync(session, patched, type, id, current, "PATCH", access, ct);
        return FhirResponse.Of(HttpStatusCode.OK, stored, withLocation: true);
    }

    private async Task<FhirResponse> DeleteAsync(string type, string id, string? ifMatch, IStoreSession session, AccessFilter access, CancellationToken ct)
    {
        access.Policy.Demand(type, AccessAction.Delete);
        var current = await session.ReadForUpdateAsync(type, id, ct);
        await EnsureWritableAsync(access, session, current, ct);
        if (current is null || current.IsDeleted)
        {
            // Deleting what is not there succeeds without a new version (http.html#delete).
            return new FhirResponse(HttpStatusCode.NoContent);
        }

        CheckIfMatch(ifMatch, current, type, id);
        var version = current.VersionId + 1;
        var deletion = new StoredResource(type, id, version, NextInstant(current), IsDeleted: true, Json: null, Method: "DELETE");
        await session.WriteAsync(deletion, current.VersionId, null, ct);
        return new FhirResponse(HttpStatusCode.NoContent) { Stored = deletion };
    }

    private async Task<StoredResource> WriteVersionAsync(
        IStoreSession session, Resource resource, string type, string id, StoredResource? previous, string method, AccessFilter access, CancellationToken ct)
    {
        var (stored, index) = Prepare(resource, type, id, previous, method);
        await session.WriteAsync(stored, previous?.VersionId ?? 0, index, ct);
        await EnsurePatientsAllowedAsync(access, session, index, ct);
        if (resource is SearchParameter parameter)
        {
            // Searchable for writes from now on; existing resources need $reindex.
            Register(parameter);
        }

        return stored;
    }

    /// <summary>
    /// Indexes resources about to be written (a transaction's bodies) before the write session, several at once, with
    /// one lastUpdated for them all; <see cref="Prepare"/> takes the index unless the resource needs a later instant.
    /// </summary>
    internal void IndexAhead(IReadOnlyList<Resource> resources)
    {
        var lastUpdated = NextInstant(null);
        var options = new ParallelOptions { MaxDegreeOfParallelism = resources.Count >= 16 ? Environment.ProcessorCount : 1 };
        Parallel.ForEach(resources, options, resource =>
        {
            resource.Meta ??= new Meta();
            resource.Meta.LastUpdated = lastUpdated;
            resource.SetAnnotation(new IndexedAhead(lastUpdated, indexer.Index(resource)));
        });
    }

    /// <summary>Sets meta, serialises and indexes the next version: all the CPU work of a write, none of the I/O.</summary>
    private (StoredResource Stored, ResourceIndex Index) Prepare(Resource resource, string type, string id, StoredResource? previous, string method)
    {
        var version = (previous?.VersionId ?? 0) + 1;
        var ahead = resource.Annotation<IndexedAhead>();
        resource.RemoveAnnotations<IndexedAhead>();
        var lastUpdated = ahead is not null && (previous is null || ahead.LastUpdated > previous.LastUpdated) ? ahead.LastUpdated : NextInstant(previous);
        resource.Id = id;
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = lastUpdated;
        var stored = new StoredResource(type, id, version, lastUpdated, IsDeleted: false, FhirFormat.ToJson(resource), method);
        return (stored, ahead is not null && ahead.LastUpdated == lastUpdated ? ahead.Index : indexer.Index(resource));
    }

    private sealed record IndexedAhead(DateTimeOffset LastUpdated, ResourceIndex Index);

    /// <summary>
    /// A plain create needs nothing from the store before it writes, so its CPU work happens before it takes a write
    /// session: on SQLite, where writers take turns, the turn is then only as long as the I/O.
    /// </summary>
    private async Task<FhirResponse> PreparedCreateAsync(string type, Resource body, AccessPolicy policy, CancellationToken ct)
    {
        CheckType(body, type);
        var (stored, index) = Prepare(body, type, Guid.NewGuid().ToString(), null, "POST");
        await using var session = await store.BeginAsync(write: true, ct);
        await session.WriteAsync(stored, 0, index, ct);
        await EnsurePatientsAllowedAsync(await FilterAsync(policy, session, ct), session, index, ct);
        await session.CommitAsync(ct);
        if (body is SearchParameter parameter)
        {
            Register(parameter);
        }

        return FhirResponse.Of(HttpStatusCode.Created, stored, withLocation: true);
    }

    /// <summary>Now, to the millisecond (what every store keeps exactly), and always after the previous version.</summary>
    private DateTimeOffset NextInstant(StoredResource? previous)
    {
        var now = clock.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return previous is not null && now <= previous.LastUpdated ? previous.LastUpdated.AddMilliseconds(1) : now;
    }

    private static void CheckType(Resource body, string type)
    {
        if (body.TypeName != type)
        {
            throw FhirException.BadRequest($"The body is a {body.TypeName}, but the URL is for {type}.", "resourceType");
        }
    }

    private static void CheckIfMatch(string? ifMatch, StoredResource? current, string type, string id)
    {
        if (ifMatch is null)
        {
            return;
        }

        if (current is null || current.IsDeleted || !MatchesAny(ifMatch, current.VersionId))
        {
            var now = current is null || current.IsDeleted ? "it does not exist" : $"it is at version {current.VersionId}";
            throw FhirException.PreconditionFailed($"If-Match {ifMatch} does not match {type}/{id}: {now}.");
        }
    }
}
