using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>
/// Custom SearchParameter resources and $reindex. A SearchParameter written to the server is searchable for new writes
/// at once; $reindex brings existing resources up to date in batches, each its own transaction, and answers with the
/// rid to resume from, so an interrupted reindex goes on where it stopped.
/// </summary>
public sealed partial class FhirEngine
{
    private const int DefaultReindexBatch = 500;

    /// <summary>Registers the active SearchParameter resources in the store; called at start.</summary>
    public async Task LoadCustomSearchParametersAsync(CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: false, ct);
        var found = await session.QueryAsync(new SqlQuery(
            $"SELECT {SqlSearchBuilder.Columns} FROM resources r WHERE r.resource_type = @t AND r.is_deleted = @d",
            [new("t", "SearchParameter"), new("d", false)]), ct);
        foreach (var parameter in found)
        {
            Register((SearchParameter)FhirFormat.ParseStored(parameter.Resource.Json!));
        }
    }

    private void Register(SearchParameter parameter)
    {
        if (parameter.Status != PublicationStatus.Active || parameter.Expression is null || parameter.Code is null || parameter.Type is null)
        {
            return;
        }

        foreach (var type in parameter.Base.Select(b => b?.ToString()).OfType<string>().Where(Interaction.IsResourceType))
        {
            indexer.Registry.Add(new SearchParameterDefinition(
                type,
                parameter.Code,
                parameter.Type.Value,
                SearchParameterRegistry.ForType(parameter.Expression, type),
                parameter.Url ?? $"urn:leodis:searchparameter:{parameter.Id}",
                parameter.Target.Select(t => t?.ToString()).OfType<string>().ToArray(),
                parameter.Component.Select(c => new SearchParameterComponent(c.Definition ?? string.Empty, c.Expression ?? string.Empty)).ToArray()));
        }

        indexer.Refresh();
    }

    private async Task<FhirResponse> ReindexAsync(string? type, FhirRequest request, IStoreSession session, CancellationToken ct)
    {
        var from = long.TryParse(request.QueryValue("from"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
        var count = int.TryParse(request.QueryValue("count"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 1, 10_000) : DefaultReindexBatch;
        var filter = type is null ? string.Empty : " AND r.resource_type = @type";
        var batch = await session.QueryAsync(new SqlQuery(
            $"SELECT {SqlSearchBuilder.Columns} FROM resources r WHERE r.rid > @from AND r.is_deleted = @d{filter} ORDER BY r.rid LIMIT @count",
            [new("from", from), new("d", false), new("type", type), new("count", count)]), ct);
        foreach (var found in batch)
        {
            await session.ReplaceIndexAsync(found.Rid, indexer.Index(FhirFormat.ParseStored(found.Resource.Json!)), ct);
        }

        var last = batch.Count > 0 ? batch[^1].Rid : from;
        var remaining = Convert.ToInt64(await session.ScalarAsync(new SqlQuery(
            $"SELECT count(*) FROM resources r WHERE r.rid > @from AND r.is_deleted = @d{filter}",
            [new("from", last), new("d", false), new("type", type)]), ct), CultureInfo.InvariantCulture);
        var result = new Parameters();
        result.Add("processed", new Integer(batch.Count));
        result.Add("from", new Integer64(last));
        result.Add("remaining", new Integer64(remaining));
        result.Add("complete", new FhirBoolean(remaining == 0));
        return new FhirResponse(HttpStatusCode.OK) { Resource = result };
    }
}
