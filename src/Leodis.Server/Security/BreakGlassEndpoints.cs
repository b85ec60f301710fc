using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Storage;
using Leodis.Server.Audit;
using Leodis.Server.Fhir;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Security;

/// <summary>
/// Break-glass: <c>POST /fhir/Patient/{id}/$break-glass</c> with a stated reason gives the caller time-limited access to
/// a patient they have no relationship with; every grant waits in the privacy officer's review queue
/// (<c>GET /security/break-glass</c>, <c>POST /security/break-glass/{id}/review</c>).
/// </summary>
public static class BreakGlassEndpoints
{
    private const int MinimumReason = 10;
    private const string BreakGlass = "break-glass";

    public static void MapBreakGlass(this IEndpointRouteBuilder app)
    {
        app.MapPost(FhirEndpoints.Prefix + "/Patient/{id}/$break-glass", BreakAsync).RequireAuthorization(SecurityRegistration.SignedIn);
        app.MapGet("/security/break-glass", QueueAsync).RequireAuthorization(SecurityRegistration.Privacy);
        app.MapPost("/security/break-glass/{grant}/review", ReviewAsync).RequireAuthorization(SecurityRegistration.Privacy);
    }

    private static async Task BreakAsync(
        HttpContext context, string id, FhirEngine engine, AccessPolicies policies, AuditRecorder audit, IOptions<SecurityOptions> options, TimeProvider clock)
    {
        string? reason = null;
        AuditFacts Facts(int status) => new(BreakGlass, AuditEvent.AuditEventAction.E, status)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = [id],
            What = [$"Patient/{id}"],
            Query = $"POST Patient/{id}/$break-glass",
            Emergency = true,
            Detail = reason,
        };

        Parameters answer;
        try
        {
            answer = await GrantAsync(context, id, engine, policies, options.Value, clock, r => reason = r);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await audit.RecordAsync(context, Facts(AuditRecorder.StatusOf(e)), context.RequestAborted);
            throw;
        }

        await audit.RecordAsync(context, Facts(StatusCodes.Status200OK), context.RequestAborted);
        context.Response.StatusCode = (int)HttpStatusCode.OK;
        await FhirHttpResponse.WriteResourceAsync(context.Response, answer, ContentNegotiation.ForResponse(context.Request), SummaryType.False, null);
    }

    private static async Task<Parameters> GrantAsync(
        HttpContext context, string id, FhirEngine engine, AccessPolicies policies, SecurityOptions options, TimeProvider clock, Action<string> given)
    {
        var role = policies.RoleOf(context.User);
        if (role is not { MayBreakGlass: true })
        {
            throw FhirException.Forbidden("Your role may not break the glass.");
        }

        var request = await FhirHttpRequest.ReadAsync(context, $"Patient/{id}/$break-glass", 64 * 1024, context.RequestAborted);
        var reason = (request.Body as Parameters)?.GetSingleValue<FhirString>("reason")?.Value?.Trim();
        if (reason is null || reason.Length < MinimumReason)
        {
            throw FhirException.BadRequest($"Breaking the glass needs a reason of at least {MinimumReason} characters, as a Parameters 'reason'.", "Parameters.parameter[reason]");
        }

        given(reason);
        var now = clock.GetUtcNow();
        var expires = now + options.BreakGlassDuration;
        var grant = Guid.NewGuid().ToString("N");
        await using (var session = await engine.Store.BeginAsync(write: true, context.RequestAborted))
        {
            if (await session.ReadAsync("Patient", id, context.RequestAborted) is not { IsDeleted: false })
            {
                throw FhirException.NotFound($"Patient/{id} is not known.");
            }

            await session.ExecuteAsync(new SqlQuery(
                "INSERT INTO break_glass (id, user_name, role, organization, patient_id, reason, granted, expires) " +
                "VALUES (@id, @user, @role, @org, @patient, @reason, @granted, @expires)",
                [
                    new("id", grant), new("user", context.User.FindFirst("sub")?.Value ?? "unknown"), new("role", role.Code),
                    new("org", context.User.FindFirst(options.OrganizationClaim)?.Value), new("patient", id), new("reason", reason),
                    new("granted", now.UtcTicks), new("expires", expires.UtcTicks),
                ]), context.RequestAborted);
            await session.CommitAsync(context.RequestAborted);
        }

        var answer = new Parameters();
        answer.Add("grant", new FhirString(grant));
        answer.Add("patient", new ResourceReference($"Patient/{id}"));
        answer.Add("expires", new Instant(expires));
        return answer;
    }

    private static async Task<IResult> QueueAsync(HttpContext context, FhirEngine engine, AuditRecorder audit, CancellationToken ct, bool reviewed = false, int count = 100)
    {
        await using var session = await engine.Store.BeginAsync(write: false, ct);
        var rows = await session.RowsAsync(new SqlQuery(
            "SELECT id, user_name, role, organization, patient_id, reason, granted, expires, reviewed_by, reviewed, review_note FROM break_glass " +
            (reviewed ? "WHERE reviewed IS NOT NULL" : "WHERE reviewed IS NULL") + " ORDER BY granted DESC LIMIT @count",
            [new("count", Math.Clamp(count, 1, 1000))]), ct);
        var grants = rows.Select(r => new BreakGlassGrant(
            (string)r[0]!, (string)r[1]!, (string)r[2]!, r[3] as string, (string)r[4]!, (string)r[5]!,
            Instant(r[6]), Instant(r[7]), r[8] as string, r[9] is null ? null : Instant(r[9]), r[10] as string)).ToList();
        await audit.RecordAsync(context, new AuditFacts(BreakGlass + "-queue", AuditEvent.AuditEventAction.E, StatusCodes.Status200OK)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = grants.ConvertAll(g => g.Patient),
            Query = $"GET /security/break-glass{context.Request.QueryString}",
        }, ct);
        return TypedResults.Ok(grants);
    }

    private static async Task<IResult> ReviewAsync(
        string grant, ReviewRequest review, HttpContext context, FhirEngine engine, AuditRecorder audit, TimeProvider clock, CancellationToken ct)
    {
        await using var session = await engine.Store.BeginAsync(write: true, ct);
        var updated = await session.ExecuteAsync(new SqlQuery(
            "UPDATE break_glass SET reviewed_by = @by, reviewed = @at, review_note = @note WHERE id = @id AND reviewed IS NULL",
            [new("by", context.User.FindFirst("sub")?.Value ?? "unknown"), new("at", clock.GetUtcNow().UtcTicks), new("note", review.Note), new("id", grant)]), ct);
        var patient = await session.ScalarAsync(new SqlQuery("SELECT patient_id FROM break_glass WHERE id = @id", [new("id", grant)]), ct) as string;
        await session.CommitAsync(ct);
        await audit.RecordAsync(context, new AuditFacts(BreakGlass + "-review", AuditEvent.AuditEventAction.U, updated == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status204NoContent)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = patient is null ? [] : [patient],
            Query = $"POST /security/break-glass/{grant}/review",
        }, ct);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static DateTimeOffset Instant(object? ticks) => new(Convert.ToInt64(ticks, CultureInfo.InvariantCulture), TimeSpan.Zero);
}

/// <summary>One break-glass grant as the privacy officer's queue shows it.</summary>
public sealed record BreakGlassGrant(
    string Id, string User, string Role, string? Organization, string Patient, string Reason,
    DateTimeOffset Granted, DateTimeOffset Expires, string? ReviewedBy, DateTimeOffset? Reviewed, string? ReviewNote);

/// <summary>A privacy officer's finding on a grant.</summary>
public sealed record ReviewRequest(string Note);
