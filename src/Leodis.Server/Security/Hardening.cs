using System.Net;
using System.Threading.RateLimiting;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Fhir;
using Microsoft.AspNetCore.RateLimiting;

namespace Leodis.Server.Security;

/// <summary>
/// What every response gets whoever asks: security headers (no sniffing, no framing, no referrer, patient data never
/// cached), and a rate limit per signed-in user (per address before sign-in) so one runaway script cannot starve a
/// ward. System integration (feeds, bulk loads) is not limited.
/// </summary>
public static class Hardening
{
    public static void AddHardening(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var roleClaim = (configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions()).RoleClaim;
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User.FindFirst("sub")?.Value;
                if (user is null)
                {
                    return RateLimitPartition.GetTokenBucketLimiter("ip:" + context.Connection.RemoteIpAddress, _ => Bucket(limits.AnonymousPerSecond));
                }

                return context.User.FindFirst(roleClaim)?.Value == Role.SystemIntegration
                    ? RateLimitPartition.GetNoLimiter("system")
                    : RateLimitPartition.GetTokenBucketLimiter("user:" + user, _ => Bucket(limits.UserPerSecond));
            });
            options.OnRejected = async (context, ct) =>
            {
                var error = FhirException.Of(
                    HttpStatusCode.TooManyRequests, OperationOutcome.IssueType.Throttled, "Too many requests from this user; try again in a second.");
                await FhirExceptionHandler.WriteAsync(context.HttpContext, error, response => response.Headers.RetryAfter = "1");
            };
        });
    }

    public static void UseHardening(this WebApplication app)
    {
        // Set as the response starts, so error answers (whose handler clears the response first) carry them too.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
                headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond * 2,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Rate limits (section "RateLimit"): requests per second per user, and per address before sign-in.</summary>
    public sealed record RateLimitOptions
    {
        public const string Section = "RateLimit";

        public int UserPerSecond { get; init; } = 500;

        public int AnonymousPerSecond { get; init; } = 200;
    }
}
