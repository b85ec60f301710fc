using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;

namespace Leodis.Server.Tests.Security;

/// <summary>Security headers on every answer, and a per-user rate limit that system integration is exempt from.</summary>
public sealed class HardeningTests(HardeningTests.LowLimitServer server) : IClassFixture<HardeningTests.LowLimitServer>
{
    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        using var client = server.ClientFor(DemoUser.Find("dr.patel")!);
        using var response = await client.GetAsync("metadata");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        using var missing = await client.GetAsync("Patient/no-such-patient");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("nosniff", missing.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_user_over_the_rate_limit_gets_429_with_an_OperationOutcome_and_integration_does_not()
    {
        using var client = server.ClientFor(DemoUser.Find("analyst.jones")!);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await client.GetAsync("Patient?_count=1");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.IsType<OperationOutcome>(FhirFormat.ParseJson(await response.Content.ReadAsStringAsync()));
                Assert.True(response.Headers.Contains("Retry-After"));
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        for (var i = 0; i < 40; i++)
        {
            using var response = await server.Client.GetAsync("Patient?_count=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>A SQLite server allowing a user 5 requests a second (a burst of 10).</summary>
    public sealed class LowLimitServer : ServerFixture
    {
        public LowLimitServer() => Arguments.Add("--RateLimit:UserPerSecond=5");

        protected override Task PrepareStoreAsync()
        {
            Provider = "sqlite";
            ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"leodis-limit-{Guid.NewGuid():N}.db")}";
            return Task.CompletedTask;
        }
    }
}
