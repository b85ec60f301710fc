using Leodis.Server.Security.Smart;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Tests.Security;

/// <summary>The <c>client-assertion</c> command: the key it makes and the assertion it signs fit together as a backend service's would.</summary>
public sealed class ClientAssertionCommandTests
{
    [Fact]
    public async Task A_new_key_signs_an_ES384_assertion_its_printed_JWK_verifies()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"leodis-assertion-{Guid.NewGuid():N}");
        var keyFile = Path.Combine(folder, "backend.pem");
        using var jwk = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(0, await ClientAssertionCommand.RunAsync(["client-assertion", "--new-key", keyFile], jwk, errors));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Equal(1, await ClientAssertionCommand.RunAsync(["client-assertion", "--new-key", keyFile], TextWriter.Null, errors));

        using var assertion = new StringWriter();
        const string audience = "http://localhost:8080/connect/token";
        Assert.Equal(0, await ClientAssertionCommand.RunAsync(
            ["client-assertion", "--client-id", "backend", "--key", keyFile, "--aud", audience], assertion, errors));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion.ToString().Trim(), new TokenValidationParameters
        {
            ValidIssuer = "backend",
            ValidAudience = audience,
            IssuerSigningKey = new JsonWebKey(jwk.ToString()),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha384],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("backend", result.Claims["sub"]);
        Assert.True(result.Claims.ContainsKey("jti"));
        Directory.Delete(folder, recursive: true);
    }
}
