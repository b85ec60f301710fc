using System.Text;
using Hl7.Fhir.Model;
using Leodis.Fhir.Access;
using Leodis.Fhir.Rest;

namespace Leodis.Fhir.Bundles;

/// <summary>A bundle entry read as the request it stands for, with its place in the bundle and in processing order.</summary>
internal sealed record EntryRequest(int Index, string? FullUrl, string Url, Interaction Interaction, FhirRequest Request)
{
    /// <summary>Transaction processing order (http.html#trules): DELETE, POST, PUT and PATCH, then GET and HEAD.</summary>
    public int ProcessingRank => Request.Method switch
    {
        "DELETE" => 0,
        "POST" => 1,
        "PUT" or "PATCH" => 2,
        _ => 3,
    };

    public static EntryRequest From(Bundle.EntryComponent entry, int index, string baseUrl, string? prefer, AccessPolicy access)
    {
        try
        {
            return Read(entry, index, baseUrl, prefer, access);
        }
        catch (FhirException e)
        {
            foreach (var issue in e.Outcome.Issue)
            {
                issue.Diagnostics = $"Bundle.entry[{index}]: {issue.Diagnostics}";
                if (!issue.Expression.Any())
                {
                    issue.Expression = [$"Bundle.entry[{index}]"];
                }
            }

            throw;
        }
    }

    private static EntryRequest Read(Bundle.EntryComponent entry, int index, string baseUrl, string? prefer, AccessPolicy access)
    {
        var request = entry.Request ?? throw FhirException.BadRequest("The entry has no request.", $"Bundle.entry[{index}].request");
        var method = request.Method?.ToString() ?? throw FhirException.BadRequest("The entry's request has no method.", $"Bundle.entry[{index}].request.method");
        var url = request.Url ?? throw FhirException.BadRequest("The entry's request has no url.", $"Bundle.entry[{index}].request.url");
        var relative = url.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? url[(baseUrl.Length + 1)..] : url;
        if (Uri.TryCreate(relative, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            throw FhirException.BadRequest($"'{url}' is not on this server.", $"Bundle.entry[{index}].request.url");
        }

        var question = relative.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? relative : relative[..question];
        var query = question < 0 ? [] : FhirRequest.ParseQuery(relative[(question + 1)..]);
        var interaction = Interaction.Parse(method, path);
        if (interaction.Kind is InteractionKind.Batch or InteractionKind.Capabilities)
        {
            throw FhirException.BadRequest("A bundle entry cannot be another batch or transaction, nor ask for metadata.", $"Bundle.entry[{index}].request");
        }

        Resource? body = entry.Resource;
        string? jsonPatch = null;
        if (method == "PATCH" && body is Binary binary)
        {
            if (binary.ContentType != "application/json-patch+json")
            {
                throw FhirException.BadRequest("A Binary patch must have contentType application/json-patch+json.", $"Bundle.entry[{index}].resource.contentType");
            }

            jsonPatch = Encoding.UTF8.GetString(binary.Data ?? []);
            body = null;
        }

        var fhirRequest = new FhirRequest(method, path, query, body, jsonPatch)
        {
            IfMatch = request.IfMatch,
            IfNoneMatch = request.IfNoneMatch,
            IfModifiedSince = request.IfModifiedSince,
            IfNoneExist = request.IfNoneExist,
            PreferReturn = prefer,
            Access = access,
        };
        return new EntryRequest(index, entry.FullUrl, url, interaction, fhirRequest);
    }
}
