using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security;

/// <summary>
/// Validates a bearer token in full once, then trusts it for up to a minute and never past its expiry: a client sends
/// the same token with every request, and checking its RSA signature each time took about an eighth of the server's CPU
/// on reads by id (docs/performance.md). Only tokens that passed every check are kept, each caller gets its own copy of
/// the identity, and the cache is bounded. A signing key withdrawn from the issuer's metadata stops tokens it signed
/// within the minute.
/// </summary>
public sealed class CachingTokenHandler : JsonWebTokenHandler
{
    private const int MaxTokens = 10_000;
    private static readonly TimeSpan TrustFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Validated> validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // The lifetime check of the full validation reads the system clock; so does this.
        var now = DateTime.UtcNow;
        if (validated.TryGetValue(token, out var known) && now < known.Until)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                Issuer = known.Token.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: { } securityToken, ClaimsIdentity: { } identity })
        {
            if (validated.Count >= MaxTokens)
            {
                Forget(now);
            }

            var until = securityToken.ValidTo < now + TrustFor ? securityToken.ValidTo : now + TrustFor;
            validated[token] = new Validated(identity.Clone(), securityToken, result.TokenType, until);
        }

        return result;
    }

    /// <summary>Drops expired tokens; if every one is still current, drops them all (they are validated again on use).</summary>
    private void Forget(DateTime now)
    {
        foreach (var (token, entry) in validated)
        {
            if (entry.Until <= now)
            {
                validated.TryRemove(token, out _);
            }
        }

        if (validated.Count >= MaxTokens)
        {
            validated.Clear();
        }
    }

    private sealed record Validated(System.Security.Claims.ClaimsIdentity Identity, SecurityToken Token, string? TokenType, DateTime Until);
}
