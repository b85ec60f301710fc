using Microsoft.Extensions.Options;

namespace Leodis.Server.Security.Smart;

/// <summary>The registered SMART clients, by id, and the browser origins they may call from.</summary>
public sealed class SmartClients
{
    private readonly Dictionary<string, SmartClient> clients;
    private readonly HashSet<string> origins;

    public SmartClients(IOptions<SecurityOptions> options)
    {
        clients = options.Value.Clients
            .Where(c => c.ClientId.Length > 0)
            .GroupBy(c => c.ClientId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        origins = clients.Values.SelectMany(c => c.AllowedOrigins).Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public SmartClient? Find(string? clientId) => clientId is not null && clients.TryGetValue(clientId, out var client) ? client : null;

    /// <summary>Whether a browser origin belongs to a registered app (CORS); exact scheme, host and port.</summary>
    public bool IsAllowedOrigin(string origin) => origins.Contains(origin);
}
