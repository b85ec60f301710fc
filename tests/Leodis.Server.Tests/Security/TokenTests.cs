using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Tests.Security;

/// <summary>Bearer tokens: only a well-formed, correctly signed, current token for this issuer and audience gets in.</summary>
public abstract class TokenTests(ServerFixture server)
{
    [Fact]
    public async Task A_request_without_a_token_is_401_with_an_OperationOutcome()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        await ExpectAsync(client, "Patient", HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("../health/live")]
    [InlineData("../health/ready")]
    public async Task Metadata_and_health_stay_open(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_good_token_gets_in() =>
        await ExpectAsync(Sign(Claims()), "Patient?_count=1", HttpStatusCode.OK);

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var now = DateTime.UtcNow;
        await ExpectAsync(Sign(Claims(), notBefore: now.AddHours(-2), expires: now.AddHours(-1)), "Patient", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused()
    {
        var now = DateTime.UtcNow;
        await ExpectAsync(Sign(Claims(), notBefore: now.AddHours(1), expires: now.AddHours(2)), "Patient", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused() =>
        await ExpectAsync(Sign(Claims(), issuer: "https://evil.example"), "Patient", HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_token_for_another_audience_is_refused() =>
        await ExpectAsync(Sign(Claims(), audience: "someone-else"), "Patient", HttpStatusCode.Unauthorized);

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url($$"""{"sub":"pas.integration","role":"system-integration","org":"RR8","scope":"system/*.cruds","iss":"leodis","aud":"leodis-fhir","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        await ExpectAsync($"{header}.{payload}.", "Patient", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused() =>
        await ExpectAsync(Sign(Claims(), key: new RsaSecurityKey(RSA.Create(2048))), "Patient", HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var token = Sign(Claims(role: Role.Analyst)).Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token[1])).Replace("\"analyst\"", "\"system-integration\"", StringComparison.Ordinal);
        await ExpectAsync($"{token[0]}.{Base64Url(payload)}.{token[2]}", "Patient", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_symmetric_key_confusion_token_is_refused()
    {
        // HS256 keyed with the public key's bytes: the classic algorithm-confusion attack on RS256 verifiers.
        var publicKey = server.Services.GetRequiredService<SigningKey>().Security.Rsa.ExportRSAPublicKey();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(publicKey), SecurityAlgorithms.HmacSha256);
        await ExpectAsync(Sign(Claims(), credentials: credentials), "Patient", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_scoped_to_read_cannot_write()
    {
        var token = Sign(Claims(scope: "user/*.rs"));
        await ExpectAsync(token, "Patient", HttpStatusCode.OK);
        using var client = Client(token);
        using var response = await client.PostAsync("Patient", FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "Scope" }] }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Scopes_cannot_lift_a_user_above_their_role()
    {
        // An analyst's token asking for everything still cannot write.
        var token = Sign(Claims(role: Role.Analyst, scope: "system/*.cruds user/*.cruds"));
        using var client = Client(token);
        using var response = await client.PostAsync("Patient", FhirClientExtensions.Json(new Patient { Name = [new HumanName { Family = "Scope" }] }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_patient_level_token_sees_only_its_patient()
    {
        var mine = await AccessFixture.CreateAsync(server.Client, new Patient { Name = [new HumanName { Family = "Context" }] });
        var other = await AccessFixture.CreateAsync(server.Client, new Patient { Name = [new HumanName { Family = "Context" }] });
        var token = Sign(Claims(scope: "patient/*.rs", patient: mine));
        await ExpectAsync(token, $"Patient/{mine}", HttpStatusCode.OK);
        await ExpectAsync(token, $"Patient/{other}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_may_do_nothing() =>
        await ExpectAsync(Sign(Claims(role: "superuser")), "Patient", HttpStatusCode.Forbidden);

    private static Dictionary<string, object> Claims(string role = Role.SystemIntegration, string scope = "system/*.cruds", string? patient = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "token-test", ["role"] = role, ["org"] = "RR8", ["scope"] = scope };
        if (patient is not null)
        {
            claims["patient"] = patient;
        }

        return claims;
    }

    private string Sign(
        Dictionary<string, object> claims, string issuer = "leodis", string audience = "leodis-fhir", DateTime? notBefore = null, DateTime? expires = null,
        SecurityKey? key = null, SigningCredentials? credentials = null)
    {
        var now = DateTime.UtcNow;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = credentials ?? new SigningCredentials(key ?? server.Services.GetRequiredService<SigningKey>().Security, SecurityAlgorithms.RsaSha256),
        });
    }

    private HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task ExpectAsync(string? token, string path, HttpStatusCode expected)
    {
        using var client = Client(token);
        await ExpectAsync(client, path, expected);
    }

    private static async Task ExpectAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected != HttpStatusCode.OK)
        {
            Assert.IsType<OperationOutcome>(FhirFormat.ParseJson(body));
        }
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}

public sealed class SqliteTokenTests(SqliteServerFixture server) : TokenTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresTokenTests(PostgresServerFixture server) : TokenTests(server), IClassFixture<PostgresServerFixture>;
