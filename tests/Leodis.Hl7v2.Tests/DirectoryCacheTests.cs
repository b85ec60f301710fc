using Leodis.Hl7v2.Mapping;
using Microsoft.Extensions.Options;

namespace Leodis.Hl7v2.Tests;

/// <summary>The ids of Locations and Practitioners are reused for the configured time and no longer.</summary>
public sealed class DirectoryCacheTests
{
    private const string Ward = "Location?identifier=https://leodis.example/Id/location-code|RR8/WARD1";

    [Fact]
    public void A_learnt_id_is_found_until_it_expires()
    {
        var clock = new Clock();
        var cache = new DirectoryCache(Options.Create(new Hl7v2Options { DirectoryCacheSeconds = 60 }), clock);

        Assert.Null(cache.Find(Ward));
        cache.Learn(Ward, "Location/abc");
        Assert.Equal("Location/abc", cache.Find(Ward));
        Assert.Null(cache.Find(Ward + "/B1"));

        clock.Now = clock.Now.AddSeconds(59);
        Assert.Equal("Location/abc", cache.Find(Ward));
        clock.Now = clock.Now.AddSeconds(1);
        Assert.Null(cache.Find(Ward));
    }

    [Fact]
    public void Zero_seconds_turns_the_cache_off()
    {
        var cache = new DirectoryCache(Options.Create(new Hl7v2Options { DirectoryCacheSeconds = 0 }), new Clock());

        cache.Learn(Ward, "Location/abc");

        Assert.Null(cache.Find(Ward));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
