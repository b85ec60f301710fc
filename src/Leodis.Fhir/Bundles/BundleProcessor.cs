using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Leodis.Fhir.Access;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Bundles;

/// <summary>
/// Batch and transaction bundles (bundle.html, http.html#transaction). A transaction runs in one store session in the
/// spec's order (DELETE, POST, PUT/PATCH, GET) and commits all or nothing; batch entries each stand alone.
/// </summary>
internal sealed class BundleProcessor(FhirEngine engine, string baseUrl, AccessPolicy access)
{
    private const int MaxTransactionAttempts = 5;

    public async Task<FhirResponse> ProcessAsync(FhirRequest request, CancellationToken ct)
    {
        if (request.Body is not Bundle bundle)
        {
            throw FhirException.BadRequest("POST to the base takes a Bundle of type batch or transaction.");
        }

        return bundle.Type switch
        {
            Bundle.BundleType.Transaction => await TransactionAsync(bundle, request.PreferReturn, ct),
            Bundle.BundleType.Batch => await BatchAsync(bundle, request.PreferReturn, ct),
            null => throw FhirException.BadRequest("The bundle has no type; it must be batch or transaction.", "Bundle.type"),
            _ => throw FhirException.BadRequest($"A {bundle.Type} bundle cannot be processed; send a batch or transaction.", "Bundle.type"),
        };
    }

    private async Task<FhirResponse> BatchAsync(Bundle bundle, string? prefer, CancellationToken ct)
    {
        var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            try
            {
                if (bundle.Entry[i].Annotation<EntryError>() is { } invalid)
                {
                    throw invalid.Error;
                }

                var entry = EntryRequest.From(bundle.Entry[i], i, baseUrl, prefer, access);
                response.Entry.Add(ResponseEntry(await engine.ExecuteAsync(entry.Request, baseUrl, ct), prefer));
            }
            catch (FhirException e)
            {
                response.Entry.Add(ErrorEntry(e));
            }
        }

        return new FhirResponse(HttpStatusCode.OK) { Resource = response };
    }

    private async Task<FhirResponse> TransactionAsync(Bundle bundle, string? prefer, CancellationToken ct)
    {
        var entries = bundle.Entry.Select((entry, i) => EntryRequest.From(entry, i, baseUrl, prefer, access)).ToList();
        var order = entries.OrderBy(e => e.ProcessingRank).ThenBy(e => e.Index).ToList();
        var undo = new List<Action>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunTransactionAsync(entries, order, prefer, undo, ct);
            }
            catch (ConcurrentWriteException) when (attempt < MaxTransactionAttempts)
            {
                // Nothing was committed; put the references back as they were sent and run the whole transaction again.
                undo.Reverse();
                undo.ForEach(action => action());
                undo.Clear();
            }
            catch (ConcurrentWriteException e)
            {
                throw FhirException.Conflict(e.Message);
            }
        }
    }

    /// <summary>A conditional create that found its resource answers with it, if the caller may see it.</summary>
    private static async Task<FhirResponse> ExistingAsync(StoredResource existing, AccessFilter filter, IStoreSession session, CancellationToken ct)
    {
        await FhirEngine.EnsureWritableAsync(filter, session, existing, ct);
        return FhirResponse.Of(HttpStatusCode.OK, existing, withLocation: true);
    }

    private async Task<FhirResponse> RunTransactionAsync(
        List<EntryRequest> entries, List<EntryRequest> order, string? prefer, List<Action> undo, CancellationToken ct)
    {
        var results = new FhirResponse[entries.Count];
        var identities = TransactionIdentities.Assign(entries);

        // Without conditional entries or references nothing depends on the store before writing, so the CPU work
        // (rewriting references, evaluating every search parameter) happens before taking a write session: on SQLite,
        // where writers take turns, the turn is then only as long as the writes.
        var needsStore = identities.NeedsStore(entries);
        if (!needsStore)
        {
            await RewriteAsync(entries, identities, null, undo, ct);
            engine.IndexAhead(entries
                .Where(e => e.Interaction.Kind is InteractionKind.Create or InteractionKind.Update)
                .Select(e => e.Request.Body)
                .OfType<Resource>()
                .ToList());
        }

        await using var session = await engine.Store.BeginAsync(write: true, ct);
        var filter = await engine.FilterAsync(access, session, ct);
        if (needsStore)
        {
            await identities.ResolveConditionalAsync(entries, engine, session, baseUrl, ct);
            await RewriteAsync(entries, identities, session, undo, ct);
        }

        foreach (var entry in order)
        {
            try
            {
                var type = entry.Interaction.ResourceType!;
                results[entry.Index] = entry.Interaction.Kind switch
                {
                    InteractionKind.Create when identities.Existing.TryGetValue(entry.Index, out var existing) =>
                        await ExistingAsync(existing, filter, session, ct),
                    InteractionKind.Create => await engine.CreateAsync(type, entry.Request.Body!, session, identities.AssignedIds[entry.Index], filter, ct),
                    InteractionKind.ConditionalUpdate =>
                        await engine.ConditionalUpdateAsync(type, entry.Request, session, identities.AssignedIds[entry.Index], baseUrl, filter, ct),
                    _ => await engine.ExecuteAsync(entry.Interaction, entry.Request, session, baseUrl, ct),
                };
            }
            catch (FhirException e)
            {
                throw InEntry(e, entry);
            }
        }

        await session.CommitAsync(ct);
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var result in results)
        {
            response.Entry.Add(ResponseEntry(result, prefer));
        }

        return new FhirResponse(HttpStatusCode.OK) { Resource = response };
    }

    private async Task RewriteAsync(
        List<EntryRequest> entries, TransactionIdentities identities, IStoreSession? session, List<Action> undo, CancellationToken ct)
    {
        foreach (var entry in entries)
        {
            if (entry.Request.Body is { } body)
            {
                try
                {
                    if (session is not null)
                    {
                        await identities.ResolveConditionalReferencesAsync(body, engine, session, baseUrl, ct);
                    }

                    ReferenceRewriter.Rewrite(body, identities.References, undo);
                }
                catch (FhirException e)
                {
                    throw InEntry(e, entry);
                }
            }
        }
    }

    private static FhirException InEntry(FhirException e, EntryRequest entry)
    {
        foreach (var issue in e.Outcome.Issue)
        {
            issue.Diagnostics = $"Bundle.entry[{entry.Index}] ({entry.Request.Method} {entry.Url}): {issue.Diagnostics}";
            issue.Expression = issue.Expression.Any()
                ? issue.Expression.Select(x => $"Bundle.entry[{entry.Index}].resource.{x}").ToList()
                : [$"Bundle.entry[{entry.Index}]"];
        }

        return e;
    }

    private Bundle.EntryComponent ResponseEntry(FhirResponse result, string? prefer)
    {
        var entry = new Bundle.EntryComponent
        {
            Response = new Bundle.ResponseComponent
            {
                Status = $"{(int)result.Status} {ReasonPhrase(result.Status)}",
                Location = result.Location,
                Etag = result.ETag,
                LastModified = result.LastModified,
                Outcome = result.Outcome,
            },
        };
        if (result.Status != HttpStatusCode.NoContent && prefer != "minimal")
        {
            entry.Resource = result.ResourceOrParsed();
        }

        if (result.Stored is { IsDeleted: false } stored)
        {
            entry.FullUrl = $"{baseUrl}/{stored.ResourceType}/{stored.Id}";
        }

        return entry;
    }

    private static Bundle.EntryComponent ErrorEntry(FhirException e) => new()
    {
        Response = new Bundle.ResponseComponent
        {
            Status = $"{(int)e.Status} {ReasonPhrase(e.Status)}",
            Outcome = e.Outcome,
        },
    };

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => "OK",
        HttpStatusCode.Created => "Created",
        HttpStatusCode.NoContent => "No Content",
        HttpStatusCode.NotModified => "Not Modified",
        HttpStatusCode.PreconditionFailed => "Precondition Failed",
        HttpStatusCode.UnprocessableEntity => "Unprocessable Entity",
        _ => status.ToString(),
    };
}
