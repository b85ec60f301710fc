using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir.Access;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>The history interactions: instance, type and system, newest first, with _count, _since and stable paging.</summary>
public sealed partial class FhirEngine
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private static async Task<FhirResponse> HistoryAsync(
        Interaction interaction, FhirRequest request, IStoreSession session, string baseUrl, AccessFilter access, CancellationToken ct)
    {
        var count = ParseCount(request.QueryValue("_count"));
        var since = ParseInstant(request.QueryValue("_since"), "_since");
        var before = ParsePage(request.QueryValue("_page"));
        if (interaction.Kind == InteractionKind.HistoryInstance &&
            await session.ReadAsync(interaction.ResourceType!, interaction.Id!, ct) is null)
        {
            throw FhirException.NotFound($"{interaction.ResourceType}/{interaction.Id} is not known.");
        }

        // Under a restricted policy only resources whose current version is live and visible show their history:
        // a deleted resource's patient is no longer known.
        SqlQuery? visible = null;
        if (!access.IsEmpty)
        {
            var p = new SqlParameters();
            visible = new SqlQuery($"r.is_deleted = {p.Add(false)} AND {access.Visible("r", p)}", p.Values);
            if (interaction.Kind == InteractionKind.HistoryInstance && !await IsVisibleAsync(access, session, interaction.ResourceType!, interaction.Id!, ct))
            {
                throw FhirException.NotFound($"{interaction.ResourceType}/{interaction.Id} is not known.");
            }
        }

        var page = await session.HistoryAsync(new HistoryQuery(interaction.ResourceType, interaction.Id, since, count, before) { Visible = visible }, ct);
        var bundle = new Bundle { Type = Bundle.BundleType.History, Timestamp = DateTimeOffset.UtcNow };
        foreach (var entry in page.Entries)
        {
            bundle.Entry.Add(HistoryEntry(entry.Resource, baseUrl));
        }

        var path = $"{baseUrl}/{request.Path.Trim('/')}".TrimEnd('/');
        var query = $"_count={count}" + (since is { } s ? $"&_since={Uri.EscapeDataString(s.ToString("o", CultureInfo.InvariantCulture))}" : string.Empty);
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{path}?{query}" + (before is { } b ? $"&_page={b}" : string.Empty) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = $"{path}?{query}" });
        if (page.HasMore)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{path}?{query}&_page={page.Entries[^1].Sequence}" });
        }

        return new FhirResponse(HttpStatusCode.OK) { Resource = bundle };
    }

    private static Bundle.EntryComponent HistoryEntry(StoredResource version, string baseUrl)
    {
        var entry = new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{version.ResourceType}/{version.Id}",
            Resource = version.Json is null ? null : FhirFormat.ParseStored(version.Json),
            Request = new Bundle.RequestComponent
            {
                Method = version.Method switch
                {
                    "POST" => Bundle.HTTPVerb.POST,
                    "DELETE" => Bundle.HTTPVerb.DELETE,
                    "PATCH" => Bundle.HTTPVerb.PATCH,
                    _ => Bundle.HTTPVerb.PUT,
                },
                Url = version.Method == "POST" ? version.ResourceType : $"{version.ResourceType}/{version.Id}",
            },
            Response = new Bundle.ResponseComponent
            {
                Status = version.Method switch
                {
                    "POST" => "201 Created",
                    "DELETE" => "204 No Content",
                    _ => version.VersionId == 1 ? "201 Created" : "200 OK",
                },
                Etag = $"W/\"{version.VersionId}\"",
                LastModified = version.LastUpdated,
            },
        };
        return entry;
    }

    private static int ParseCount(string? value)
    {
        if (value is null)
        {
            return DefaultPageSize;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? Math.Clamp(count, 1, MaxPageSize)
            : throw FhirException.BadRequest($"_count must be a whole number, not '{value}'.", "_count");
    }

    private static long? ParsePage(string? value) =>
        value is null ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page
        : throw FhirException.BadRequest($"'{value}' is not a page of this history.", "_page");

    internal static DateTimeOffset? ParseInstant(string? value, string parameter)
    {
        if (value is null)
        {
            return null;
        }

        // FHIR instants and dateTimes; a date-only value means the start of that day in UTC.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw FhirException.BadRequest($"{parameter} must be an instant such as 2026-01-31T12:00:00Z, not '{value}'.", parameter);
    }
}
