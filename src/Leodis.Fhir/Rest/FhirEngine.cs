using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir.Access;
using Leodis.Fhir.Bundles;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>
/// The FHIR RESTful interactions over the store: every request, from HTTP or from a bundle entry, comes through
/// <see cref="ExecuteAsync"/>. Writes commit before a response exists, so a response means the write is durable.
/// </summary>
public sealed partial class FhirEngine(IResourceStore store, TimeProvider clock, SearchIndexer indexer)
{
    private readonly AccessParties accessParties = new(clock);

    private const int MaxWriteAttempts = 5;

    public IResourceStore Store => store;

    /// <summary>Runs one interaction. <paramref name="baseUrl"/> is the absolute FHIR base, used in bundles and links.</summary>
    public async Task<FhirResponse> ExecuteAsync(FhirRequest request, string baseUrl, CancellationToken ct)
    {
        var interaction = Interaction.Parse(request.Method, request.Path);
        switch (interaction.Kind)
        {
            case InteractionKind.Batch:
                return await new BundleProcessor(this, baseUrl, request.Access).ProcessAsync(request, ct);
            case InteractionKind.Create when request.IfNoneExist is null:
                request.Access.Demand(interaction.ResourceType!, AccessAction.Create);
                return await PreparedCreateAsync(interaction.ResourceType!, RequireBody(request), request.Access, ct);
            case InteractionKind.Create or InteractionKind.Update or InteractionKind.Patch or InteractionKind.Delete or InteractionKind.Reindex
                or InteractionKind.ConditionalUpdate or InteractionKind.ConditionalPatch or InteractionKind.ConditionalDelete:
                if (interaction.Kind is InteractionKind.Update && request.Body is Resource body)
                {
                    // The update's CPU work (indexing) before its write session, as a plain create's is.
                    IndexAhead([body]);
                }

                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var session = await store.BeginAsync(write: true, ct);
                        var response = await ExecuteAsync(interaction, request, session, baseUrl, ct);
                        await session.CommitAsync(ct);
                        return response;
                    }
                    catch (ConcurrentWriteException) when (attempt < MaxWriteAttempts)
                    {
                        // A concurrent first write of the same id won the insert; the retry sees its row and locks it.
                    }
                    catch (ConcurrentWriteException e)
                    {
                        throw FhirException.Conflict(e.Message);
                    }
                }

            default:
                await using (var session = await store.BeginAsync(write: false, ct))
                {
                    return await ExecuteAsync(interaction, request, session, baseUrl, ct);
                }
        }
    }

    /// <summary>Runs one interaction inside a session the caller owns (a transaction bundle's, for example).</summary>
    internal async Task<FhirResponse> ExecuteAsync(Interaction interaction, FhirRequest request, IStoreSession session, string baseUrl, CancellationToken ct)
    {
        var type = interaction.ResourceType!;
        var id = interaction.Id!;
        switch (interaction.Kind)
        {
            case InteractionKind.Reindex when !request.Access.AllPatients || !request.Access.Allows("SearchParameter", AccessAction.Update):
                throw FhirException.Forbidden("Only system integration may reindex.");
            case InteractionKind.Everything:
                request.Access.Demand("Patient", AccessAction.Read);
                break;
            case InteractionKind.SearchCompartment:
                request.Access.Demand(interaction.CompartmentType!, AccessAction.Read);
                if (interaction.ResourceType is { } compartmentType)
                {
                    request.Access.Demand(compartmentType, AccessAction.Search);
                }

                break;
            case not (InteractionKind.HistorySystem or InteractionKind.SearchSystem or InteractionKind.Reindex):
                request.Access.Demand(type, ActionOf(interaction.Kind));
                break;
        }

        var access = await FilterAsync(request.Access, session, ct);
        return await (interaction.Kind switch
        {
            InteractionKind.Read => ReadAsync(type, id, request, session, access, ct),
            InteractionKind.VRead => VReadAsync(type, id, interaction.VersionId!.Value, session, access, ct),
            InteractionKind.Create => ConditionalCreateAsync(type, RequireBody(request), request.IfNoneExist, session, null, baseUrl, access, ct),
            InteractionKind.ConditionalUpdate => ConditionalUpdateAsync(type, request, session, null, baseUrl, access, ct),
            InteractionKind.ConditionalPatch => ConditionalPatchAsync(type, request, session, baseUrl, access, ct),
            InteractionKind.ConditionalDelete => ConditionalDeleteAsync(type, request, session, baseUrl, access, ct),
            InteractionKind.Update => UpdateAsync(type, id, RequireBody(request), request.IfMatch, session, access, ct),
            InteractionKind.Patch => PatchAsync(type, id, request, session, access, ct),
            InteractionKind.Delete => DeleteAsync(type, id, request.IfMatch, session, access, ct),
            InteractionKind.HistoryInstance or InteractionKind.HistoryType or InteractionKind.HistorySystem =>
                HistoryAsync(interaction, request, session, baseUrl, access, ct),
            InteractionKind.Reindex => ReindexAsync(interaction.ResourceType, request, session, ct),
            InteractionKind.SearchType or InteractionKind.SearchSystem or InteractionKind.SearchCompartment or InteractionKind.Everything =>
                SearchAsync(interaction, request, session, baseUrl, access, ct),
            _ => throw FhirException.NotSupported($"{request.Method} {request.Path} is not supported here."),
        });
    }

    private static async Task<FhirResponse> ReadAsync(string type, string id, FhirRequest request, IStoreSession session, AccessFilter access, CancellationToken ct)
    {
        var current = await session.ReadAsync(type, id, ct) ?? throw FhirException.NotFound($"{type}/{id} is not known.");
        if (!access.IsEmpty && (current.IsDeleted || !await IsVisibleAsync(access, session, type, id, ct)))
        {
            // Hidden, or deleted (its patient is no longer known): the same answer as for an id that never existed.
            throw FhirException.NotFound($"{type}/{id} is not known.");
        }

        if (current.IsDeleted)
        {
            throw FhirException.Gone($"{type}/{id} was deleted.");
        }

        var response = FhirResponse.Of(HttpStatusCode.OK, current, withLocation: false);
        if (request.IfNoneMatch is { } etags && MatchesAny(etags, current.VersionId))
        {
            return response with { Status = HttpStatusCode.NotModified };
        }

        if (request.IfNoneMatch is null && request.IfModifiedSince is { } since && TruncateToSeconds(current.LastUpdated) <= since)
        {
            return response with { Status = HttpStatusCode.NotModified };
        }

        return response;
    }

    private static async Task<FhirResponse> VReadAsync(string type, string id, long version, IStoreSession session, AccessFilter access, CancellationToken ct)
    {
        if (!await IsVisibleAsync(access, session, type, id, ct))
        {
            throw FhirException.NotFound($"{type}/{id} is not known.");
        }

        var stored = await session.ReadVersionAsync(type, id, version, ct)
            ?? throw FhirException.NotFound($"{type}/{id} has no version {version}.");
        return stored.IsDeleted
            ? throw FhirException.Gone($"Version {version} of {type}/{id} is a deletion.")
            : FhirResponse.Of(HttpStatusCode.OK, stored, withLocation: false);
    }

    private static Resource RequireBody(FhirRequest request) =>
        request.Body ?? throw FhirException.BadRequest("The request needs a resource in its body.");

    /// <summary>True when an If-Match / If-None-Match header value names the version (weak or strong, or "*").</summary>
    internal static bool MatchesAny(string header, long version)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || tag.Trim('"') == version.ToString(CultureInfo.InvariantCulture))
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset instant) =>
        new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), instant.Offset);
}
