using System.Globalization;
using System.Net;

namespace Leodis.LoadTool;

/// <summary>The command line of a run, checked. Every default measures a server on this machine for 30 seconds.</summary>
public sealed record LoadOptions
{
    public static readonly string[] Scenarios = ["create", "read", "update", "search", "mix", "transaction", "ndjson", "mllp"];

    public Uri BaseUrl { get; init; } = new("http://127.0.0.1:8080/fhir");

    public string Scenario { get; init; } = "create";

    public int Concurrency { get; init; } = 16;

    /// <summary>How long to measure after warm-up; null when a count or one pass over the data ends the run.</summary>
    public TimeSpan? Duration { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Measured requests to send after warm-up; the run ends at this count or the duration, whichever comes first.</summary>
    public long? Count { get; init; }

    public string? BearerToken { get; init; }

    public int? ServerPid { get; init; }

    public IReadOnlyList<string> Queries { get; init; } = [];

    public string? BundlesFolder { get; init; }

    public string? NdjsonFolder { get; init; }

    public string? JsonOut { get; init; }

    /// <summary>Patients created before the clock starts for read, update, search and mix.</summary>
    public int SetupCount { get; init; } = 1000;

    public IReadOnlyDictionary<string, int> Mix { get; init; } =
        new Dictionary<string, int> { ["read"] = 60, ["create"] = 15, ["update"] = 15, ["search"] = 10 };

    /// <summary>Resources per request in the ndjson scenario.</summary>
    public int ChunkSize { get; init; } = 200;

    /// <summary>How the ndjson scenario sends its chunks: transaction or batch bundles, or a $import job per chunk.</summary>
    public string NdjsonVia { get; init; } = "transaction";

    /// <summary>With --ndjson-via import: where chunk files are written for the server to read (under its Import:Root).</summary>
    public string? ImportDir { get; init; }

    /// <summary>Rounds over the data set for transaction and ndjson; 0 repeats until the duration or count ends the run.</summary>
    public int Passes { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>The MLLP listener (host:port) the mllp scenario sends HL7 v2 to.</summary>
    public string Mllp { get; init; } = "127.0.0.1:2575";

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Without it the base must be a loopback address, so a mistyped URL never loads someone else's server.</summary>
    public bool AllowRemote { get; init; }

    /// <summary>Fill the setup pool with Patients already stored (that have an NHS number) instead of creating them.</summary>
    public bool ExistingPatients { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected '{arg}'; options start with --.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals > 0 ? (arg[2..equals], arg[(equals + 1)..])
                : arg == "--allow-remote" ? ("allow-remote", "true")
                : i + 1 < args.Count ? (arg[2..], args[++i])
                : throw new ArgumentException($"{arg} needs a value.");
            values.TryAdd(name, []);
            values[name].Add(value);
        }

        string? One(string name) => values.Remove(name, out var list) ? list[^1] : null;
        var scenario = One("scenario") ?? "create";
        var hasDuration = values.ContainsKey("duration");
        var options = new LoadOptions
        {
            BaseUrl = One("base") is { } baseUrl ? new Uri(baseUrl, UriKind.Absolute) : new LoadOptions().BaseUrl,
            Scenario = scenario,
            Concurrency = One("concurrency") is { } c ? Positive(c, "concurrency") : 16,
            Duration = One("duration") is { } d ? Time(d, "duration") : null,
            Warmup = One("warmup") is { } w ? Time(w, "warmup") : TimeSpan.FromSeconds(5),
            Count = One("count") is { } n ? Positive(n, "count") : null,
            BearerToken = One("token"),
            ServerPid = One("server-pid") is { } pid ? Positive(pid, "server-pid") : null,
            Queries = values.Remove("query", out var queries) ? queries : [],
            BundlesFolder = One("bundles"),
            NdjsonFolder = One("ndjson"),
            JsonOut = One("json-out"),
            SetupCount = One("setup") is { } s ? Positive(s, "setup") : 1000,
            Mix = One("mix") is { } mix ? ParseMix(mix) : new LoadOptions().Mix,
            ChunkSize = One("chunk") is { } chunk ? Positive(chunk, "chunk") : 200,
            NdjsonVia = One("ndjson-via") ?? "transaction",
            ImportDir = One("import-dir"),
            Passes = One("passes") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : scenario == "ndjson" ? 1 : 0,
            Seed = One("seed") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : 1,
            Mllp = One("mllp") ?? "127.0.0.1:2575",
            RequestTimeout = One("timeout") is { } t ? Time(t, "timeout") : TimeSpan.FromSeconds(120),
            AllowRemote = One("allow-remote") is "true",
            ExistingPatients = (One("patients") ?? "created") switch
            {
                "created" => false,
                "existing" => true,
                var other => throw new ArgumentException($"--patients is created or existing, not '{other}'."),
            },
        };
        if (values.Keys.FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"--{unknown} is not an option of the load tool.");
        }

        // A run always has an end: a count, one pass over the data, or 30 seconds of measurement.
        var bounded = options.Count is not null || (scenario is "transaction" or "ndjson" && options.Passes > 0);
        return (hasDuration || bounded ? options : options with { Duration = TimeSpan.FromSeconds(30) }).Validated();
    }

    private LoadOptions Validated()
    {
        if (!Scenarios.Contains(Scenario))
        {
            throw new ArgumentException($"--scenario '{Scenario}' is not one of {string.Join(", ", Scenarios)}.");
        }

        if (NdjsonVia is not ("transaction" or "batch" or "import"))
        {
            throw new ArgumentException($"--ndjson-via '{NdjsonVia}' is not known; use transaction, batch or import.");
        }

        if (NdjsonVia == "import" && ImportDir is null)
        {
            throw new ArgumentException("--ndjson-via import needs --import-dir DIR, a folder under the server's Import:Root.");
        }

        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--duration must be above zero.");
        }

        if (BaseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("--base must be an http or https URL.");
        }

        if (!AllowRemote && !IsLoopback(BaseUrl))
        {
            throw new ArgumentException(
                $"--base {BaseUrl} is not a loopback address. Measure only servers you run; add --allow-remote to measure one elsewhere.");
        }

        return this;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static Dictionary<string, int> ParseMix(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split(['=', ':'], 2))
            .ToDictionary(
                p => p[0],
                p => p.Length == 2 && int.TryParse(p[1], CultureInfo.InvariantCulture, out var weight) && weight >= 0
                    ? weight
                    : throw new ArgumentException($"--mix takes name=weight pairs, such as read=60,create=15,update=15,search=10; not '{text}'."));

    private static int Positive(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a whole number above zero, not '{text}'.");

    /// <summary>"30s", "500ms", "2m", "1h" or plain seconds.</summary>
    public static TimeSpan Time(string text, string name)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new ArgumentException($"--{name} takes a time such as 30s, 500ms or 2m, not '{text}'.");
    }
}
