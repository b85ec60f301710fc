using Hl7.Fhir.Rest;
using Leodis.Fhir.Rest;
using Leodis.Fhir;
using Leodis.Fhir.Search;
using Leodis.Server.Audit;
using Leodis.Server.Security;
using Leodis.Server.Security.Smart;
using Microsoft.Extensions.Options;

namespace Leodis.Server.Fhir;

/// <summary>
/// The FHIR REST API at /fhir. Every path goes to the engine, which knows the interaction table (http.html);
/// this layer only reads HTTP into a <see cref="FhirRequest"/> and writes the <see cref="FhirResponse"/> back.
/// </summary>
public static class FhirEndpoints
{
    public const string Prefix = "/fhir";

    public static void MapFhir(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Prefix + "/metadata", ["GET", "HEAD"], async (HttpContext context, IOptions<FhirOptions> options, SearchParameterRegistry registry, SmartUrls smart) =>
        {
            var format = ContentNegotiation.ForResponse(context.Request);
            var statement = CapabilityStatementFactory.Create(BaseUrl(context, options.Value), registry, SmartConfigurationEndpoints.Security(context, smart));
            await FhirHttpResponse.WriteResourceAsync(context.Response, statement, format, SummaryType.False, null);
        });

        app.MapMethods(Prefix + "/{**path}", ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], HandleAsync)
            .RequireAuthorization(SecurityRegistration.SignedIn);
        app.MapMethods(Prefix, ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], (HttpContext context, FhirEngine engine, AccessPolicies policies, AuditRecorder audit, IOptions<FhirOptions> options) =>
            HandleAsync(context, string.Empty, engine, policies, audit, options))
            .RequireAuthorization(SecurityRegistration.SignedIn);
    }

    /// <summary>
    /// One interaction, audited whatever its outcome: the AuditEvent is durable before the answer (or the error) is sent.
    /// </summary>
    private static async Task HandleAsync(
        HttpContext context, string? path, FhirEngine engine, AccessPolicies policies, AuditRecorder audit, IOptions<FhirOptions> options)
    {
        FhirRequest? request = null;
        var audited = false;
        try
        {
            var format = ContentNegotiation.ForResponse(context.Request);
            var baseUrl = BaseUrl(context, options.Value);
            var access = policies.For(context.User) ?? throw FhirException.Forbidden("Your token names no role this server knows.");
            request = await FhirHttpRequest.ReadAsync(context, path ?? string.Empty, options.Value.MaxRequestBodyBytes, context.RequestAborted) with { Access = access };
            var response = await engine.ExecuteAsync(request, baseUrl, context.RequestAborted);
            audited = true;
            await AuditAsync(context, path, engine, audit, request, response, (int)response.Status);
            await FhirHttpResponse.WriteAsync(context, response, format, baseUrl);
        }
        catch (Exception e) when (!audited && e is not OperationCanceledException)
        {
            await AuditAsync(context, path, engine, audit, request, null, AuditRecorder.StatusOf(e));
            throw;
        }
    }

    private static async Task AuditAsync(
        HttpContext context, string? path, FhirEngine engine, AuditRecorder audit, FhirRequest? request, FhirResponse? response, int status)
    {
        if (!audit.Enabled)
        {
            return;
        }

        AuditFacts facts;
        try
        {
            facts = await FhirAudit.FactsAsync(
                engine.Store, context.Request.Method, path ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, request, response, status, context.RequestAborted);
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            facts = await BreakGlassPurpose.ApplyAsync(engine.Store, request?.Access, facts, now, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw audit.Unavailable(context, e);
        }

        await audit.RecordAsync(context, facts, context.RequestAborted);
    }

    private static string BaseUrl(HttpContext context, FhirOptions options) =>
        options.BaseUrl?.TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{Prefix}";
}
