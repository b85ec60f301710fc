using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// The ids of the Locations and Practitioners messages have named, by identifier, so that a ward, bed or consultant
/// seen before is referenced without asking the store (an admission otherwise pays three conditional searches for them).
/// An id is learnt only from a committed transaction and trusted for <see cref="Hl7v2Options.DirectoryCacheSeconds"/>;
/// a Location or Practitioner deleted through the API within that time may still be referenced by a message, as any
/// reference may outlive its target in FHIR. Bounded: when full it starts again empty.
/// </summary>
public sealed class DirectoryCache(IOptions<Hl7v2Options> options, TimeProvider clock)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (string Reference, DateTimeOffset Until)> known = new(StringComparer.Ordinal);

    /// <summary>The reference (<c>Location/id</c>) of the resource that meets <paramref name="key"/> (<c>Type?criteria</c>), if known.</summary>
    public string? Find(string key) =>
        known.TryGetValue(key, out var entry) && entry.Until > clock.GetUtcNow() ? entry.Reference : null;

    public void Learn(string key, string reference)
    {
        var lifetime = options.Value.DirectoryCacheSeconds;
        if (lifetime <= 0)
        {
            return;
        }

        if (known.Count >= MaxEntries)
        {
            known.Clear();
        }

        known[key] = (reference, clock.GetUtcNow().AddSeconds(lifetime));
    }
}
