using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Tests.Security;

/// <summary>
/// A server with SMART clients registered through configuration, as an operator would: a public app, a backend
/// service with an RSA and an EC key of its own (made here, the private halves never leave the test), and a backend
/// client registered without a role. Helpers walk the OAuth flows over real HTTP.
/// </summary>
public abstract class SmartFixture : IAsyncLifetime
{
    public const string App = "smart-test-app";
    public const string Backend = "smart-test-backend";
    public const string NoRole = "smart-test-norole";
    public const string RedirectUri = "http://127.0.0.1:1/callback";
    public const string AppOrigin = "https://app.example";
    public const string Password = "test-demo-password";

    protected SmartFixture(ServerFixture server)
    {
        Server = server;
        var rsa = new JsonWebKey { Kty = "RSA", Kid = "rsa-1" };
        var rsaParameters = RsaKey.ExportParameters(false);
        rsa.N = Base64UrlEncoder.Encode(rsaParameters.Modulus);
        rsa.E = Base64UrlEncoder.Encode(rsaParameters.Exponent);
        var ecParameters = EcKey.ExportParameters(false);
        string[] arguments =
        [
            "--Security:DemoPassword=" + Password,
            $"--Security:Clients:10:ClientId={App}",
            "--Security:Clients:10:Type=public",
            $"--Security:Clients:10:RedirectUris:0={RedirectUri}",
            $"--Security:Clients:10:AllowedOrigins:0={AppOrigin}",
            "--Security:Clients:10:Scopes=launch launch/patient patient/*.rs user/*.cruds",
            $"--Security:Clients:11:ClientId={Backend}",
            "--Security:Clients:11:Type=confidential-asymmetric",
            "--Security:Clients:11:Role=system-integration",
            "--Security:Clients:11:Organization=RR8",
            "--Security:Clients:11:Scopes=system/*.rs system/Patient.cruds",
            "--Security:Clients:11:Jwks:Keys:0:Kty=RSA",
            "--Security:Clients:11:Jwks:Keys:0:Kid=rsa-1",
            $"--Security:Clients:11:Jwks:Keys:0:N={rsa.N}",
            $"--Security:Clients:11:Jwks:Keys:0:E={rsa.E}",
            "--Security:Clients:11:Jwks:Keys:1:Kty=EC",
            "--Security:Clients:11:Jwks:Keys:1:Kid=ec-1",
            "--Security:Clients:11:Jwks:Keys:1:Crv=P-384",
            $"--Security:Clients:11:Jwks:Keys:1:X={Base64UrlEncoder.Encode(ecParameters.Q.X)}",
            $"--Security:Clients:11:Jwks:Keys:1:Y={Base64UrlEncoder.Encode(ecParameters.Q.Y)}",
            $"--Security:Clients:12:ClientId={NoRole}",
            "--Security:Clients:12:Type=confidential-asymmetric",
            "--Security:Clients:12:Scopes=system/*.rs",
            "--Security:Clients:12:Jwks:Keys:0:Kty=EC",
            "--Security:Clients:12:Jwks:Keys:0:Crv=P-384",
            $"--Security:Clients:12:Jwks:Keys:0:X={Base64UrlEncoder.Encode(ecParameters.Q.X)}",
            $"--Security:Clients:12:Jwks:Keys:0:Y={Base64UrlEncoder.Encode(ecParameters.Q.Y)}",
        ];
        Server.Arguments.AddRange(arguments);
    }

    public ServerFixture Server { get; }

    public RSA RsaKey { get; } = RSA.Create(2048);

    public ECDsa EcKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    /// <summary>The server root, for example http://127.0.0.1:41234.</summary>
    public string Root => Server.BaseUrl[..^"/fhir".Length];

    public string TokenEndpoint => Root + "/connect/token";

    public Task InitializeAsync() => Server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        RsaKey.Dispose();
        EcKey.Dispose();
    }

    /// <summary>A plain client for the OAuth endpoints that does not follow redirects, so tests see them.</summary>
    public HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Root + "/") };

    public HttpClient Fhir(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.BaseUrl + "/") };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>The authorize request's parameters; change any with <paramref name="overrides"/> (null removes one).</summary>
    public Dictionary<string, string?> AuthorizeParameters(string scope, string challenge, Dictionary<string, string?>? overrides = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = App,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "state-" + Guid.NewGuid().ToString("N"),
            ["aud"] = Server.BaseUrl,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            parameters[key] = value;
        }

        return parameters;
    }

    /// <summary>Submits the sign-in form; returns the answer (a redirect to the app, or the form again).</summary>
    public async Task<HttpResponseMessage> SignInAsync(Dictionary<string, string?> parameters, string user, string password = Password, string? patient = null)
    {
        var form = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        form["user"] = user;
        form["password"] = password;
        form["decision"] = "allow";
        if (patient is not null)
        {
            form["patient"] = patient;
        }

        using var browser = Browser();
        using var content = new FormUrlEncodedContent(form);
        return await browser.PostAsync("connect/authorize", content);
    }

    /// <summary>The query of the redirect back to the app.</summary>
    public static Dictionary<string, string> Redirected(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.ToString(), StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
    }

    /// <summary>Signs in and returns the code.</summary>
    public async Task<string> CodeAsync(Dictionary<string, string?> parameters, string user, string? patient = null)
    {
        using var response = await SignInAsync(parameters, user, patient: patient);
        var query = Redirected(response);
        Assert.Equal(parameters["state"], query["state"]);
        return query["code"];
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(Dictionary<string, string> form, string? origin = null)
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(form) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await browser.SendAsync(request);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string code, string verifier, string redirectUri = RedirectUri, string clientId = App) =>
        TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
            ["code_verifier"] = verifier,
        });

    /// <summary>The whole authorization code flow: sign in, redeem, the token answer.</summary>
    public async Task<JsonElement> AuthorizeAsync(string scope, string user, Dictionary<string, string?>? overrides = null, string? patient = null)
    {
        var (verifier, challenge) = Pkce();
        var code = await CodeAsync(AuthorizeParameters(scope, challenge, overrides), user, patient);
        var (status, body) = await RedeemAsync(code, verifier);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>A client assertion for the backend client; each part can be spoiled by a test.</summary>
    public string Assertion(
        string clientId = Backend, string? audience = null, string? jti = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.EcdsaSha384,
        SecurityKey? key = null, string? subject = null)
    {
        var now = DateTime.UtcNow;
        key ??= algorithm.StartsWith("ES", StringComparison.Ordinal) ? new ECDsaSecurityKey(EcKey) { KeyId = "ec-1" } : new RsaSecurityKey(RsaKey) { KeyId = "rsa-1" };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience ?? TokenEndpoint,
            Expires = expires ?? now.AddMinutes(4),
            Claims = new Dictionary<string, object> { ["sub"] = subject ?? clientId, ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> ClientCredentialsAsync(string assertion, string scope = "system/*.rs") =>
        TokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        });
}

public sealed class SqliteSmartFixture() : SmartFixture(new SqliteServerFixture());

public sealed class PostgresSmartFixture() : SmartFixture(new PostgresServerFixture());
