using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir;
using Leodis.Fhir.Storage;
using Leodis.Server.Fhir;
using Leodis.Server.Security;
using Action = Hl7.Fhir.Model.AuditEvent.AuditEventAction;

namespace Leodis.Server.Audit;

/// <summary>
/// The privacy officer's view of the audit trail: <c>GET /audit/events?patient=ID</c> (who looked at this patient),
/// <c>?user=NAME</c> (what this user looked at), both, or neither; newest first, paged with <c>_count</c> and the next
/// link. Each query is itself audited.
/// </summary>
public static class AuditEndpoints
{
    public const string Path = "/audit/events";
    private const int DefaultCount = 50;
    private const int MaxCount = 1000;

    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, SearchAsync).RequireAuthorization(SecurityRegistration.Privacy);
        app.MapGet(Path + "/{seq:long}", ReadAsync).RequireAuthorization(SecurityRegistration.Privacy);
    }

    private static async Task SearchAsync(HttpContext context, AuditTrail trail, AuditRecorder audit)
    {
        var query = context.Request.Query;
        string? patient = query["patient"], user = query["user"];
        var count = int.TryParse(query["_count"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 1, MaxCount) : DefaultCount;
        var before = long.TryParse(query["_page"], NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : long.MaxValue;
        var conditions = new List<string> { "e.seq < @before" };
        var from = "audit_events e";
        if (patient is not null)
        {
            from = "audit_patients p JOIN audit_events e ON e.seq = p.seq";
            conditions.Add("p.patient_id = @patient");
        }

        if (user is not null)
        {
            conditions.Add("e.user_name = @user");
        }

        await using var session = await trail.Store.BeginAsync(write: false, context.RequestAborted);
        var rows = await session.RowsAsync(new SqlQuery(
            $"SELECT e.seq, e.recorded, e.user_name, e.action, e.outcome, e.patient_ids, e.body, e.prev_hash, e.hash FROM {from} " +
            $"WHERE {string.Join(" AND ", conditions)} ORDER BY e.seq DESC LIMIT @count",
            [new("before", before), new("patient", patient), new("user", user), new("count", count + 1)]), context.RequestAborted);
        var entries = rows.Take(count).Select(AuditChain.Read).ToList();

        var root = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{Path}";
        var self = string.Join('&', new[] { ("patient", patient), ("user", user), ("_count", count.ToString(CultureInfo.InvariantCulture)) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{root}?{self}" + (before == long.MaxValue ? string.Empty : $"&_page={before}") });
        if (rows.Count > count)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{root}?{self}&_page={entries[^1].Seq}" });
        }

        bundle.Entry.AddRange(entries.Select(e => new Bundle.EntryComponent
        {
            FullUrl = $"{root}/{e.Seq}",
            Resource = Resource(e),
            Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
        }));

        var patients = entries.SelectMany(e => e.Record.Patients).Concat(patient is null ? [] : [patient]).ToList();
        await audit.RecordAsync(context, new AuditFacts("audit-search", Action.E, StatusCodes.Status200OK)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = patients,
            Query = $"GET {Path}{context.Request.QueryString}",
        }, context.RequestAborted);
        await FhirHttpResponse.WriteResourceAsync(context.Response, bundle, ContentNegotiation.ForResponse(context.Request), SummaryType.False, null);
    }

    private static async Task ReadAsync(long seq, HttpContext context, AuditTrail trail, AuditRecorder audit)
    {
        await using var session = await trail.Store.BeginAsync(write: false, context.RequestAborted);
        var rows = await session.RowsAsync(new SqlQuery(
            "SELECT seq, recorded, user_name, action, outcome, patient_ids, body, prev_hash, hash FROM audit_events WHERE seq = @seq",
            [new("seq", seq)]), context.RequestAborted);
        var entry = rows.Count == 0 ? null : AuditChain.Read(rows[0]);
        await audit.RecordAsync(context, new AuditFacts("audit-read", Action.R, entry is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = entry?.Record.Patients ?? [],
            Query = $"GET {Path}/{seq}",
        }, context.RequestAborted);
        var found = entry ?? throw FhirException.NotFound($"There is no audit event {seq}.");
        await FhirHttpResponse.WriteResourceAsync(context.Response, Resource(found), ContentNegotiation.ForResponse(context.Request), SummaryType.False, null);
    }

    /// <summary>The stored AuditEvent with its sequence number as its id.</summary>
    private static AuditEvent Resource(AuditEntry entry)
    {
        var resource = (AuditEvent)FhirFormat.ParseStored(entry.Record.Body);
        resource.Id = entry.Seq.ToString(CultureInfo.InvariantCulture);
        return resource;
    }
}
