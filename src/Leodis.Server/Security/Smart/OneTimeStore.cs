using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// Short-lived server-side entries taken at most once: authorization codes, EHR launch contexts, and seen client
/// assertion ids. In memory, so on one node only (a restart forgets them, which only makes apps sign in again). Entries
/// are keyed by a SHA-256 of their handle, so looking one up leaks nothing about other handles through timing.
/// </summary>
public sealed class OneTimeStore<T>(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Expires)> entries = new(StringComparer.Ordinal);

    /// <summary>A new random handle (256 bits, base64url) for <paramref name="value"/>.</summary>
    public string Add(T value, TimeSpan lifetime)
    {
        var handle = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        TryAdd(handle, value, lifetime);
        return handle;
    }

    /// <summary>False when the handle is already held (a replay).</summary>
    public bool TryAdd(string handle, T value, TimeSpan lifetime)
    {
        Purge();
        return entries.TryAdd(Key(handle), (value, clock.GetUtcNow() + lifetime));
    }

    /// <summary>Takes the entry out (so a second take fails) and returns it if it has not expired.</summary>
    public bool TryTake(string handle, out T value)
    {
        value = default!;
        if (!entries.TryRemove(Key(handle), out var entry) || entry.Expires <= clock.GetUtcNow())
        {
            return false;
        }

        value = entry.Value;
        return true;
    }

    /// <summary>Looks at an unexpired entry without taking it.</summary>
    public bool TryPeek(string handle, out T value)
    {
        value = default!;
        if (!entries.TryGetValue(Key(handle), out var entry) || entry.Expires <= clock.GetUtcNow())
        {
            return false;
        }

        value = entry.Value;
        return true;
    }

    private void Purge()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in entries)
        {
            if (entry.Expires <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string handle) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));
}
