using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security;

/// <summary>
/// The built-in identity provider's signer: RS256 JWTs for seeded users and registered SMART clients, with the claims
/// the access gate reads (sub, role, org, scope, and patient for a patient-level launch).
/// </summary>
public sealed class TokenIssuer(SigningKey key, IOptions<SecurityOptions> options, TimeProvider clock)
{
    public string Issue(DemoUser user, string scope = "openid fhirUser user/*.cruds", string? patient = null, string? clientId = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = user.UserName,
            ["name"] = user.Name,
            [options.Value.RoleClaim] = user.Role,
            [options.Value.OrganizationClaim] = user.Organization,
            ["scope"] = scope,
        };
        if (patient is not null)
        {
            claims["patient"] = patient;
        }

        if (clientId is not null)
        {
            claims["client_id"] = clientId;
        }

        return Issue(claims);
    }

    public string Issue(IDictionary<string, object> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.TokenLifetime,
            Claims = new Dictionary<string, object>(claims) { ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(key.Security, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>The built-in provider's RSA key: from configuration (PEM), else a file made on first start.</summary>
public sealed class SigningKey
{
    public SigningKey(IOptions<SecurityOptions> options)
    {
        var rsa = RSA.Create();
        if (options.Value.SigningKey is { Length: > 0 } pem)
        {
            rsa.ImportFromPem(pem);
        }
        else if (File.Exists(options.Value.SigningKeyPath))
        {
            rsa.ImportFromPem(File.ReadAllText(options.Value.SigningKeyPath));
        }
        else
        {
            Create(rsa, options.Value.SigningKeyPath);
        }

        Security = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16].ToLowerInvariant() };
    }

    public RsaSecurityKey Security { get; }

    /// <summary>Writes a new key readable by this user only; a server starting at the same moment may win, and its key is used.</summary>
    private static void Create(RSA rsa, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(temporary, rsa.ExportRSAPrivateKeyPem());
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            rsa.ImportFromPem(File.ReadAllText(path));
        }
    }
}
