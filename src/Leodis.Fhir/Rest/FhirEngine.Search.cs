using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir.Access;
using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>
/// The search interactions (type and system). A result that fits one page is answered straight from the query; a
/// longer one is stored as an ordered list of rids in one statement, so every later page reads the result set as it
/// stood, whatever others write in between.
/// </summary>
public sealed partial class FhirEngine
{
    private const int MaxStoredResults = 10_000;
    private const int MaxIncluded = 1_000;
    private static readonly TimeSpan StoredSearchLifetime = TimeSpan.FromHours(1);

    private async Task<FhirResponse> SearchAsync(Interaction interaction, FhirRequest request, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        if (request.QueryValue("_getpages") is { } searchId)
        {
            return await StoredPageAsync(searchId, request, session, baseUrl, access, ct);
        }

        var search = new SearchRequestParser(indexer.Registry).Parse(
            interaction.Kind == InteractionKind.Everything ? null : interaction.ResourceType, request.Query, request.PreferHandling == "strict");
        var self = Link(baseUrl, interaction.ResourceType, search.Understood);
        if (interaction.Kind is InteractionKind.SearchCompartment or InteractionKind.Everything)
        {
            self = await CompartmentAsync(interaction, search, session, baseUrl, access, ct);
        }

        if (search.Summary == SummaryType.Count || search.Count == 0)
        {
            var counted = await CountAsync(search, session, baseUrl, access, ct);
            return Page(search, [], counted, [new("self", self)], baseUrl);
        }

        var first = await session.QueryAsync(new SqlSearchBuilder(indexer.Registry, baseUrl, access).Page(search, search.Count + 1, 0), ct);
        if (first.Count <= search.Count)
        {
            var total = search.Total == "none" ? (long?)null : first.Count;
            return Page(search, await WithIncludesAsync(search, first, session, access, ct), total, [new("self", self), new("first", self)], baseUrl);
        }

        searchId = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow().UtcTicks;
        await session.ExecuteAsync(new SqlQuery(
            "DELETE FROM search_results WHERE search_id IN (SELECT search_id FROM searches WHERE created < @cutoff); " +
            "DELETE FROM searches WHERE created < @cutoff",
            [new("cutoff", now - StoredSearchLifetime.Ticks)]), ct);
        var stored = await session.ExecuteAsync(new SqlSearchBuilder(indexer.Registry, baseUrl, access).Materialize(search, searchId, MaxStoredResults), ct);
        long? known = stored < MaxStoredResults ? stored : search.Total is "accurate" or "estimate" ? await CountAsync(search, session, baseUrl, access, ct) : null;
        await session.ExecuteAsync(new SqlQuery(
            "INSERT INTO searches (search_id, created, total, query, owner) VALUES (@id, @created, @total, @query, @owner)",
            [new("id", searchId), new("created", now), new("total", stored), new("query", FhirRequest.ToQueryString(search.Understood)), new("owner", request.Access.User)]), ct);
        var page = await ReadStoredAsync(searchId, 0, search.Count, session, ct);
        return Page(search, await WithIncludesAsync(search, page, session, access, ct), search.Total == "none" ? null : known,
            PageLinks(baseUrl, self, searchId, 0, search.Count, stored), baseUrl);
    }

    /// <summary>Patient/1/Observation, Patient/1/* and Patient/1/$everything: the search, limited to the compartment.</summary>
    private static async Task<string> CompartmentAsync(
        Interaction interaction, SearchRequest search, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        var everything = interaction.Kind == InteractionKind.Everything;
        var compartment = everything ? "Patient" : interaction.CompartmentType!;
        var owner = await session.ReadAsync(compartment, interaction.Id!, ct);
        if (owner is null || owner.IsDeleted || !await IsVisibleAsync(access, session, compartment, interaction.Id!, ct))
        {
            throw FhirException.NotFound($"{compartment}/{interaction.Id} is not known.");
        }

        var definitions = CompartmentDefinitions.Default;
        var types = interaction.ResourceType is { } one && !everything ? [one] : definitions.Types(compartment).ToList();
        if (search.Types.Count > 0)
        {
            types = types.Intersect(search.Types).ToList();
        }

        var keys = types.SelectMany(t => definitions.Parameters(compartment, t).Select(code => SearchParameterDefinition.StableKey(t, code))).ToList();
        if (!everything && keys.Count == 0)
        {
            throw FhirException.BadRequest($"{interaction.ResourceType} is not in the {compartment} compartment.");
        }

        search.Types.Clear();
        search.Types.AddRange(everything ? [.. types, compartment] : types);
        search.Compartment = new CompartmentFilter(compartment, interaction.Id!, keys, IncludeSelf: everything);
        var path = everything ? $"{compartment}/{interaction.Id}/$everything" : $"{compartment}/{interaction.Id}/{interaction.ResourceType ?? "*"}";
        return $"{baseUrl}/{path}" + (search.Understood.Count == 0 ? string.Empty : "?" + FhirRequest.ToQueryString(search.Understood));
    }

    private async Task<FhirResponse> StoredPageAsync(string searchId, FhirRequest request, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        // A stored result set is only ever shown to the user whose search made it.
        var key = new KeyValuePair<string, object?>("id", searchId);
        if (await session.ScalarAsync(new SqlQuery("SELECT query FROM searches WHERE search_id = @id AND owner = @owner", [key, new("owner", request.Access.User)]), ct) is not string original)
        {
            throw FhirException.Gone($"The search result set {searchId} has expired or never existed; run the search again.");
        }

        var stored = Convert.ToInt64(
            await session.ScalarAsync(new SqlQuery("SELECT total FROM searches WHERE search_id = @id", [key]), ct), CultureInfo.InvariantCulture);
        var offset = int.TryParse(request.QueryValue("_getpagesoffset"), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var search = new SearchRequestParser(indexer.Registry).Parse(null, FhirRequest.ParseQuery(original).Where(q => IsResultParameter(q.Key)).ToList(), strict: false);
        if (int.TryParse(request.QueryValue("_count"), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            search.Count = Math.Clamp(count, 1, SearchRequestParser.MaxCount);
        }

        var page = await ReadStoredAsync(searchId, offset, search.Count, session, ct);
        var self = $"{baseUrl}?_getpages={searchId}&_getpagesoffset={offset}&_count={search.Count}";
        return Page(search, await WithIncludesAsync(search, page, session, access, ct), search.Total == "none" ? null : stored,
            PageLinks(baseUrl, self, searchId, offset, search.Count, stored), baseUrl);
    }

    private static Task<IReadOnlyList<FoundResource>> ReadStoredAsync(string searchId, int offset, int count, IStoreSession session, CancellationToken ct) =>
        session.QueryAsync(new SqlQuery(
            $"SELECT {SqlSearchBuilder.Columns} FROM search_results sr JOIN resources r ON r.rid = sr.rid " +
            "WHERE sr.search_id = @id AND sr.position > @from AND sr.position <= @to AND r.is_deleted = @deleted ORDER BY sr.position",
            [new("id", searchId), new("from", offset), new("to", offset + count), new("deleted", false)]), ct);

    private async Task<long> CountAsync(SearchRequest search, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct) =>
        Convert.ToInt64(await session.ScalarAsync(new SqlSearchBuilder(indexer.Registry, baseUrl, access).Count(search), ct), CultureInfo.InvariantCulture);

    private async Task<List<SearchSetEntry>> WithIncludesAsync(
        SearchRequest search, IReadOnlyList<FoundResource> matches, IStoreSession session, AccessFilter access, CancellationToken ct)
    {
        var entries = matches.Select(m => new SearchSetEntry(m.Resource, Bundle.SearchEntryMode.Match)).ToList();
        if (search.Includes.Count == 0 || matches.Count == 0)
        {
            return entries;
        }

        var seen = matches.Select(m => m.Rid).ToHashSet();
        var frontier = matches.ToList();
        for (var round = 0; round < 4 && frontier.Count > 0 && seen.Count - matches.Count < MaxIncluded; round++)
        {
            var next = new List<FoundResource>();
            foreach (var include in search.Includes.Where(i => round == 0 || i.Iterate))
            {
                foreach (var found in await session.QueryAsync(IncludeQuery(include, frontier, access), ct))
                {
                    if (seen.Add(found.Rid))
                    {
                        next.Add(found);
                        entries.Add(new SearchSetEntry(found.Resource, Bundle.SearchEntryMode.Include));
                    }
                }
            }

            frontier = next;
        }

        return entries;
    }

    private SqlQuery IncludeQuery(IncludeDirective include, List<FoundResource> from, AccessFilter access)
    {
        var parameters = new SqlParameters();
        var keys = include.Reference is { } reference
            ? [reference.Key]
            : indexer.Registry.For(include.SourceType).Where(d => d.Type == SearchParamType.Reference).Select(d => d.Key).ToList();
        var keyList = keys.Count == 0 ? "NULL" : string.Join(", ", keys.Select(k => parameters.Add(k)));
        if (!include.Reverse)
        {
            var sources = from.Where(f => include.SourceType == "*" || f.Resource.ResourceType == include.SourceType).Select(f => parameters.Add(f.Rid)).ToList();
            var target = include.TargetType is { } t ? $" AND x.target_type = {parameters.Add(t)}" : string.Empty;
            return new SqlQuery(
                $"SELECT {SqlSearchBuilder.Columns} FROM search_reference x JOIN resources r ON r.resource_type = x.target_type AND r.id = x.target_id " +
                $"WHERE x.rid IN ({(sources.Count == 0 ? "NULL" : string.Join(", ", sources))}) AND x.param IN ({keyList}){target} AND r.is_deleted = {parameters.Add(false)} AND {access.Visible("r", parameters)}",
                parameters.Values);
        }

        var byType = from.GroupBy(f => f.Resource.ResourceType)
            .Select(g => $"(x.target_type = {parameters.Add(g.Key)} AND x.target_id IN ({string.Join(", ", g.Select(f => parameters.Add(f.Resource.Id)))}))");
        return new SqlQuery(
            $"SELECT {SqlSearchBuilder.Columns} FROM search_reference x JOIN resources r ON r.rid = x.rid " +
            $"WHERE x.param IN ({keyList}) AND ({string.Join(" OR ", byType)}) AND r.is_deleted = {parameters.Add(false)} AND {access.Visible("r", parameters)}",
            parameters.Values);
    }

    private static FhirResponse Page(SearchRequest search, List<SearchSetEntry> entries, long? total, List<KeyValuePair<string, string>> links, string baseUrl)
    {
        OperationOutcome? outcome = null;
        if (search.Ignored.Count > 0)
        {
            outcome = new OperationOutcome();
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Warning,
                Code = OperationOutcome.IssueType.NotSupported,
                Diagnostics = $"These parameters were not understood and were ignored: {string.Join(", ", search.Ignored)}.",
                Expression = search.Ignored,
            });
        }

        var summary = search.Summary == SummaryType.Count ? SummaryType.False : search.Summary;
        return new FhirResponse(HttpStatusCode.OK) { Search = new SearchSet(entries, total, links, outcome, summary, search.Elements, baseUrl) };
    }

    private static List<KeyValuePair<string, string>> PageLinks(string baseUrl, string self, string searchId, int offset, int count, long stored)
    {
        var links = new List<KeyValuePair<string, string>> { new("self", self), new("first", PageUrl(baseUrl, searchId, 0, count)) };
        if (offset > 0)
        {
            links.Add(new("previous", PageUrl(baseUrl, searchId, Math.Max(0, offset - count), count)));
        }

        if (offset + count < stored)
        {
            links.Add(new("next", PageUrl(baseUrl, searchId, offset + count, count)));
        }

        return links;
    }

    private static string PageUrl(string baseUrl, string searchId, int offset, int count) =>
        $"{baseUrl}?_getpages={searchId}&_getpagesoffset={offset}&_count={count}";

    private static string Link(string baseUrl, string? type, List<KeyValuePair<string, string>> understood) =>
        $"{baseUrl}/{type}".TrimEnd('/') + (understood.Count == 0 ? string.Empty : "?" + FhirRequest.ToQueryString(understood));

    /// <summary>Stored pages keep only result parameters from the original query: the criteria are already applied.</summary>
    private static bool IsResultParameter(string key) =>
        key is "_include" or "_include:iterate" or "_revinclude" or "_revinclude:iterate" or "_summary" or "_elements" or "_total" or "_count";
}
