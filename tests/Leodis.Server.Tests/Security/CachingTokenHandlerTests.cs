using System.Security.Claims;
using System.Security.Cryptography;
using Leodis.Server.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Tests.Security;

/// <summary>A token validated once is trusted again without its signature check, but never past its expiry and never for a different token.</summary>
public sealed class CachingTokenHandlerTests
{
    private readonly RsaSecurityKey key = new(RSA.Create(2048));

    [Fact]
    public async Task A_valid_token_stays_valid_and_each_caller_gets_its_own_identity()
    {
        var handler = new CachingTokenHandler();
        var token = Sign(DateTime.UtcNow.AddMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());
        second.ClaimsIdentity.AddClaim(new Claim("role", "privacy-officer"));
        var third = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.True(third.IsValid);
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.Equal(["system-integration"], third.ClaimsIdentity.FindAll("role").Select(c => c.Value));
        Assert.Equal("token-test", third.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(first.SecurityToken.ValidTo, third.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task A_tampered_copy_of_an_accepted_token_is_refused()
    {
        var handler = new CachingTokenHandler();
        var token = Sign(DateTime.UtcNow.AddMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("system-integration", "privacy-officer", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters())).IsValid);
    }

    [Fact]
    public async Task An_accepted_token_is_refused_once_it_has_expired()
    {
        var handler = new CachingTokenHandler();
        var token = Sign(DateTime.UtcNow.AddSeconds(2));
        var accepted = await handler.ValidateTokenAsync(token, Parameters());
        Assert.True(accepted.IsValid);

        var wait = accepted.SecurityToken.ValidTo - DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);

        var later = await handler.ValidateTokenAsync(token, Parameters());
        Assert.False(later.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(later.Exception);
    }

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "leodis",
        ValidAudience = "leodis-fhir",
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
    };

    private string Sign(DateTime expires) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "leodis",
        Audience = "leodis-fhir",
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = expires,
        Claims = new Dictionary<string, object> { ["sub"] = "token-test", ["role"] = "system-integration" },
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });
}
