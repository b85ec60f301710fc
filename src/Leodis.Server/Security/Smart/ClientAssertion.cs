using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// Checks a <c>private_key_jwt</c> client assertion (SMART Backend Services, RFC 7523): signed RS384 or ES384 by a key
/// the client registered, iss = sub = a registered confidential-asymmetric client, aud = this token endpoint, a
/// lifetime of at most five minutes, and a jti never seen before within that time.
/// </summary>
public sealed class ClientAssertion(SmartClients clients, OneTimeStore<string> seen, TimeProvider clock)
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The authenticated client; throws <see cref="OAuthException"/> invalid_client for anything wrong.</summary>
    public async Task<SmartClient> ValidateAsync(string? assertionType, string? assertion, string? clientId, string tokenEndpoint)
    {
        if (assertionType != Type || string.IsNullOrEmpty(assertion))
        {
            throw OAuthException.InvalidClient($"Authenticate with client_assertion_type={Type} and a client_assertion JWT.");
        }

        var handler = new JsonWebTokenHandler();
        JsonWebToken token;
        try
        {
            token = handler.ReadJsonWebToken(assertion);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            throw OAuthException.InvalidClient("The client_assertion is not a JWT.");
        }

        var client = clients.Find(token.Issuer);
        if (client is not { IsConfidentialAsymmetric: true } || (clientId is not null && clientId != client.ClientId))
        {
            throw OAuthException.InvalidClient("The client_assertion's issuer is not a registered confidential-asymmetric client.");
        }

        var now = clock.GetUtcNow();
        var result = await handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = client.ClientId,
            ValidAudience = tokenEndpoint,
            IssuerSigningKeys = client.SigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            TryAllIssuerSigningKeys = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && e > now.UtcDateTime - ClockSkew && e <= now.UtcDateTime + MaximumLifetime + ClockSkew &&
                (notBefore is null || notBefore <= now.UtcDateTime + ClockSkew),
        });
        if (!result.IsValid)
        {
            throw OAuthException.InvalidClient("The client_assertion is not valid: signature, issuer, audience (must be the token endpoint) or lifetime (at most five minutes).");
        }

        if (token.Subject != client.ClientId || token.Id is not { Length: > 0 } jti)
        {
            throw OAuthException.InvalidClient("The client_assertion needs sub equal to iss (the client_id) and a jti.");
        }

        // Remembered until the assertion could no longer be accepted anyway.
        var remember = token.ValidTo - now.UtcDateTime + ClockSkew;
        if (!seen.TryAdd($"{client.ClientId}\n{jti}", jti, remember > TimeSpan.Zero ? remember : ClockSkew))
        {
            throw OAuthException.InvalidClient("The client_assertion's jti has been used before.");
        }

        return client;
    }
}
