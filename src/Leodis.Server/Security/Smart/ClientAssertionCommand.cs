using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// <c>client-assertion</c>: what a backend service needs to try the built-in provider from a shell. <c>--new-key FILE</c>
/// makes an EC P-384 key (readable by this user only) and prints its public JWK to register in <c>Security:Clients</c>;
/// <c>--client-id ID --key FILE --aud TOKEN-URL</c> prints a signed ES384 client assertion good for five minutes.
/// </summary>
public static class ClientAssertionCommand
{
    public const string Name = "client-assertion";

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? newKey = null, clientId = null, keyFile = null, audience = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--new-key": newKey = args[i + 1]; break;
                case "--client-id": clientId = args[i + 1]; break;
                case "--key": keyFile = args[i + 1]; break;
                case "--aud": audience = args[i + 1]; break;
                default: return await UsageAsync(error);
            }
        }

        if (newKey is not null)
        {
            if (File.Exists(newKey))
            {
                await error.WriteLineAsync($"{newKey} exists; not overwriting it.");
                return 1;
            }

            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            await WritePrivateAsync(newKey, created.ExportECPrivateKeyPem());
            var q = created.ExportParameters(includePrivateParameters: false).Q;
            var jwk = new Dictionary<string, string>
            {
                ["kty"] = "EC", ["crv"] = "P-384", ["kid"] = Path.GetFileNameWithoutExtension(newKey),
                ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y),
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(jwk));
            return 0;
        }

        if (clientId is null || keyFile is null || audience is null)
        {
            return await UsageAsync(error);
        }

        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(keyFile));
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(4),
            Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(
                new ECDsaSecurityKey(key) { KeyId = Path.GetFileNameWithoutExtension(keyFile) }, SecurityAlgorithms.EcdsaSha384),
        });
        await output.WriteLineAsync(assertion);
        return 0;
    }

    private static async Task WritePrivateAsync(string path, string pem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        await File.WriteAllTextAsync(path, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllTextAsync(path, pem);
    }

    private static async Task<int> UsageAsync(TextWriter error)
    {
        await error.WriteLineAsync("Usage: Leodis.Server client-assertion --new-key FILE.pem");
        await error.WriteLineAsync("       Leodis.Server client-assertion --client-id ID --key FILE.pem --aud http://localhost:8080/connect/token");
        return 2;
    }
}
