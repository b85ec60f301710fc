using Microsoft.Extensions.Options;

namespace Leodis.Server.Security;

/// <summary>
/// <c>token --user USERNAME</c>: prints a bearer token for a seeded user of the built-in identity provider, and nothing
/// else, for scripts and tests (<c>curl -H "Authorization: Bearer $(dotnet run --project src/Leodis.Server -- token --user dr.patel)"</c>).
/// Refused when an external issuer is configured: then the built-in provider signs nothing.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? user = null, scope = null, patient = null;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--user" when i + 1 < args.Length:
                    user = args[++i];
                    break;
                case "--scope" when i + 1 < args.Length:
                    scope = args[++i];
                    break;
                case "--patient" when i + 1 < args.Length:
                    patient = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(rest.ToArray())
            .Build();
        var options = Options.Create(configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions());
        if (options.Value.Authority is not null || !options.Value.Enabled)
        {
            await error.WriteLineAsync("The built-in identity provider is off (Security:Authority is set, or security is disabled).");
            return 1;
        }

        if (user is null || DemoUser.Find(user) is not { } found)
        {
            await error.WriteLineAsync("Usage: Leodis.Server token --user USERNAME [--scope \"user/*.cruds\"] [--patient ID]");
            await error.WriteLineAsync("Users: " + string.Join(", ", DemoUser.All.Select(u => $"{u.UserName} ({u.Role}, {u.Organization})")));
            return 2;
        }

        var issuer = new TokenIssuer(new SigningKey(options), options, TimeProvider.System);
        await output.WriteLineAsync(scope is null ? issuer.Issue(found, patient: patient) : issuer.Issue(found, scope, patient));
        return 0;
    }
}
