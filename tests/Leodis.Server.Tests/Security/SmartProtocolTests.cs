using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Tests.Security;

/// <summary>
/// The OAuth side of SMART: discovery, the sign-in form, PKCE, codes, redirect URIs, client assertions, error answers
/// and CORS. The store plays no part, so these run on SQLite only.
/// </summary>
public sealed class SmartProtocolTests(SqliteSmartFixture smart) : IClassFixture<SqliteSmartFixture>
{
    [Fact]
    public async Task Smart_configuration_is_open_and_names_the_endpoints()
    {
        using var browser = smart.Browser();
        var document = await browser.GetFromJsonAsync<JsonElement>(".well-known/smart-configuration");
        Assert.Equal(smart.Root + "/connect/authorize", document.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(smart.TokenEndpoint, document.GetProperty("token_endpoint").GetString());
        Assert.Equal(smart.Root + "/.well-known/jwks.json", document.GetProperty("jwks_uri").GetString());
        Assert.Equal(["S256"], document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var capabilities = document.GetProperty("capabilities").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("launch-ehr", capabilities);
        Assert.Contains("client-confidential-asymmetric", capabilities);
        Assert.Contains("permission-v2", capabilities);
    }

    [Fact]
    public async Task The_jwks_is_open_and_verifies_the_tokens_the_server_issues()
    {
        using var browser = smart.Browser();
        var jwks = new JsonWebKeySet(await browser.GetStringAsync(".well-known/jwks.json"));
        var key = Assert.Single(jwks.Keys);
        Assert.Null(key.D);
        var answer = await smart.AuthorizeAsync("user/*.rs", "dr.patel");
        var token = answer.GetProperty("access_token").GetString()!;
        Assert.Equal(key.Kid, new JsonWebToken(token).Kid);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "leodis", ValidAudience = "leodis-fhir", IssuerSigningKey = key,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(SmartFixture.App, result.Claims["client_id"]);
    }

    [Fact]
    public async Task Metadata_advertises_the_SMART_oauth_uris()
    {
        using var browser = smart.Browser();
        var statement = (CapabilityStatement)FhirFormat.ParseJson(await browser.GetStringAsync("fhir/metadata?_format=json"));
        var security = statement.Rest[0].Security;
        Assert.Equal("SMART-on-FHIR", security.Service[0].Coding[0].Code);
        var oauth = security.GetExtension("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        Assert.Equal(smart.Root + "/connect/authorize", ((FhirUri)oauth.GetExtension("authorize").Value).Value);
        Assert.Equal(smart.TokenEndpoint, ((FhirUri)oauth.GetExtension("token").Value).Value);
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_demo_users_and_encodes_what_it_echoes()
    {
        var parameters = smart.AuthorizeParameters("user/*.rs", SmartFixture.Pkce().Challenge, new() { ["state"] = "<script>alert(1)</script>" });
        using var browser = smart.Browser();
        using var response = await browser.GetAsync(QueryHelpers.AddQueryString("connect/authorize", parameters));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<label for=\"password\">", html, StringComparison.Ordinal);
        Assert.Contains("dr.patel", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_refused()
    {
        var (_, challenge) = SmartFixture.Pkce();
        var code = await smart.CodeAsync(smart.AuthorizeParameters("user/*.rs", challenge), "dr.patel");
        await ExpectErrorAsync(smart.RedeemAsync(code, SmartFixture.Pkce().Verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_works_once_only()
    {
        var (verifier, challenge) = SmartFixture.Pkce();
        var code = await smart.CodeAsync(smart.AuthorizeParameters("user/*.rs", challenge), "dr.patel");
        var (status, _) = await smart.RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        await ExpectErrorAsync(smart.RedeemAsync(code, verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Another_redirect_uri_at_the_token_endpoint_is_refused()
    {
        var (verifier, challenge) = SmartFixture.Pkce();
        var code = await smart.CodeAsync(smart.AuthorizeParameters("user/*.rs", challenge), "dr.patel");
        await ExpectErrorAsync(smart.RedeemAsync(code, verifier, redirectUri: "http://127.0.0.1:1/other"), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_redeemed_by_another_client_is_refused()
    {
        var (verifier, challenge) = SmartFixture.Pkce();
        var code = await smart.CodeAsync(smart.AuthorizeParameters("user/*.rs", challenge), "dr.patel");
        await ExpectErrorAsync(smart.RedeemAsync(code, verifier, clientId: "leodis-demo-app"), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/elsewhere")]
    [InlineData("https://evil.example/callback")]
    public async Task An_unregistered_redirect_uri_is_never_redirected_to(string redirectUri)
    {
        var parameters = smart.AuthorizeParameters("user/*.rs", SmartFixture.Pkce().Challenge, new() { ["redirect_uri"] = redirectUri });
        using var response = await smart.SignInAsync(parameters, "dr.patel");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("code_challenge_method", "plain")]
    [InlineData("code_challenge_method", null)]
    [InlineData("code_challenge", null)]
    [InlineData("response_type", "token")]
    [InlineData("aud", "https://other.example/fhir")]
    [InlineData("scope", "system/*.rs")]
    public async Task An_authorization_request_without_S256_PKCE_this_audience_or_a_granted_scope_gets_no_code(string parameter, string? value)
    {
        var parameters = smart.AuthorizeParameters("user/*.rs", SmartFixture.Pkce().Challenge, new() { [parameter] = value });
        using var response = await smart.SignInAsync(parameters, "dr.patel");
        var query = SmartFixture.Redirected(response);
        Assert.False(query.ContainsKey("code"));
        Assert.Contains(query["error"], (string[])["invalid_request", "invalid_scope", "unsupported_response_type"]);
        Assert.Equal(parameters["state"], query["state"]);
    }

    [Fact]
    public async Task A_wrong_demo_password_gives_no_code()
    {
        using var response = await smart.SignInAsync(smart.AuthorizeParameters("user/*.rs", SmartFixture.Pkce().Challenge), "dr.patel", password: "guess");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_launch_made_for_one_user_cannot_be_used_by_another()
    {
        using var ehr = smart.Server.ClientFor(DemoUser.Find("analyst.jones")!);
        using var launched = await ehr.PostAsJsonAsync(smart.Root + "/connect/launch", new { patient = "someone" });
        var launch = (await launched.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["launch"].ToString();
        var parameters = smart.AuthorizeParameters("launch patient/*.rs", SmartFixture.Pkce().Challenge, new() { ["launch"] = launch });
        using var response = await smart.SignInAsync(parameters, "dr.patel");
        Assert.Equal("access_denied", SmartFixture.Redirected(response)["error"]);
    }

    [Fact]
    public async Task An_unknown_launch_id_gets_no_code()
    {
        var parameters = smart.AuthorizeParameters("launch patient/*.rs", SmartFixture.Pkce().Challenge, new() { ["launch"] = "made-up" });
        using var browser = smart.Browser();
        using var shown = await browser.GetAsync(QueryHelpers.AddQueryString("connect/authorize", parameters));
        Assert.Equal("invalid_request", SmartFixture.Redirected(shown)["error"]);
        using var response = await smart.SignInAsync(parameters, "analyst.jones");
        Assert.Equal("invalid_request", SmartFixture.Redirected(response)["error"]);
    }

    [Fact]
    public async Task Requested_scopes_are_cut_down_to_the_registration_and_the_grant_type()
    {
        var answer = await smart.AuthorizeAsync("patient/*.cruds user/Observation.rs system/*.rs openid", "dr.patel", patient: null);
        Assert.Equal("patient/*.rs user/Observation.rs", answer.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Client_credentials_with_a_good_assertion_works() =>
        Assert.Equal(HttpStatusCode.OK, (await smart.ClientCredentialsAsync(smart.Assertion())).Status);

    [Fact]
    public async Task An_assertion_signed_with_another_key_is_refused() =>
        await ExpectErrorAsync(
            smart.ClientCredentialsAsync(smart.Assertion(key: new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "ec-1" })),
            HttpStatusCode.Unauthorized, "invalid_client");

    [Fact]
    public async Task An_assertion_for_another_audience_is_refused() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(audience: smart.Root + "/fhir")), HttpStatusCode.Unauthorized, "invalid_client");

    [Fact]
    public async Task A_replayed_assertion_is_refused()
    {
        var assertion = smart.Assertion();
        Assert.Equal(HttpStatusCode.OK, (await smart.ClientCredentialsAsync(assertion)).Status);
        await ExpectErrorAsync(smart.ClientCredentialsAsync(assertion), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_new_assertion_reusing_a_jti_is_refused()
    {
        var jti = Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await smart.ClientCredentialsAsync(smart.Assertion(jti: jti))).Status);
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(jti: jti)), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task An_expired_assertion_is_refused() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(expires: DateTime.UtcNow.AddMinutes(-2))), HttpStatusCode.Unauthorized, "invalid_client");

    [Fact]
    public async Task An_assertion_living_longer_than_five_minutes_is_refused() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(expires: DateTime.UtcNow.AddMinutes(30))), HttpStatusCode.Unauthorized, "invalid_client");

    [Fact]
    public async Task An_assertion_signed_RS256_is_refused() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(algorithm: SecurityAlgorithms.RsaSha256)), HttpStatusCode.Unauthorized, "invalid_client");

    [Fact]
    public async Task An_assertion_whose_subject_is_not_its_issuer_is_refused() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(subject: "someone-else")), HttpStatusCode.Unauthorized, "invalid_client");

    [Fact]
    public async Task An_assertion_from_an_unknown_or_public_client_is_refused()
    {
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(clientId: "nobody")), HttpStatusCode.Unauthorized, "invalid_client");
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(clientId: SmartFixture.App)), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_backend_client_registered_without_a_role_gets_no_token() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(clientId: SmartFixture.NoRole)), HttpStatusCode.BadRequest, "unauthorized_client");

    [Fact]
    public async Task Client_credentials_grant_no_user_or_patient_scopes() =>
        await ExpectErrorAsync(smart.ClientCredentialsAsync(smart.Assertion(), "user/*.cruds patient/*.rs"), HttpStatusCode.BadRequest, "invalid_scope");

    [Theory]
    [InlineData("grant_type=password&username=a&password=b", "unsupported_grant_type")]
    [InlineData("grant_type=authorization_code", "invalid_grant")]
    [InlineData("grant_type=client_credentials&client_assertion=not.a.jwt&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "invalid_client")]
    [InlineData("grant_type=client_credentials&client_assertion=%%%&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "invalid_client")]
    public async Task Bad_token_requests_are_OAuth_errors_never_500(string form, string error)
    {
        using var browser = smart.Browser();
        using var content = new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await browser.PostAsync("connect/token", content);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_JSON_token_request_is_an_OAuth_error()
    {
        using var browser = smart.Browser();
        using var response = await browser.PostAsJsonAsync("connect/token", new { grant_type = "client_credentials" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("fhir/Patient")]
    [InlineData("connect/token")]
    public async Task A_registered_origin_passes_the_CORS_preflight_and_another_gets_no_CORS_headers(string path)
    {
        using var browser = smart.Browser();
        foreach (var (origin, allowed) in new[] { (SmartFixture.AppOrigin, true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            using var response = await browser.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values));
            if (allowed)
            {
                Assert.Equal(origin, values!.Single());
            }
        }
    }

    [Fact]
    public async Task A_FHIR_answer_to_a_registered_origin_carries_CORS_headers_and_to_another_none()
    {
        var token = (await smart.AuthorizeAsync("user/*.rs", "dr.patel")).GetProperty("access_token").GetString()!;
        using var client = smart.Fhir(token);
        foreach (var (origin, allowed) in new[] { (SmartFixture.AppOrigin, true), ("https://evil.example", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "Observation?_count=1");
            request.Headers.Add("Origin", origin);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(allowed, response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    private static async Task ExpectErrorAsync(Task<(HttpStatusCode Status, JsonElement Body)> call, HttpStatusCode status, string error)
    {
        var (actual, body) = await call;
        Assert.True(actual == status, $"Expected {(int)status}, got {(int)actual}: {body}");
        Assert.Equal(error, body.GetProperty("error").GetString());
    }
}
