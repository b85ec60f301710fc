using System.Text.Json;
using Leodis.LoadTool;
using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Ndjson;
using Leodis.LoadTool.Reporting;
using Leodis.LoadTool.Scenarios;

// The Leodis load tool: drives a FHIR server with one scenario and reports throughput, latency, errors and the
// server's CPU and memory. See bench/README.md.
if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage.Text);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("Run with --help for the options.");
    return 1;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var client = new FhirClient(options.BaseUrl, options.BearerToken, options.Concurrency, options.RequestTimeout);
var context = new ScenarioContext(client, options);
var pool = new PatientPool(context);
ILoadScenario scenario = options.Scenario switch
{
    "create" => new CreateScenario(context),
    "read" => new ReadScenario(context, pool),
    "update" => new UpdateScenario(context, pool),
    "search" => new SearchScenario(context, pool),
    "mix" => new MixScenario(context, pool),
    "transaction" => new TransactionScenario(context),
    "mllp" => new MllpScenario(context),
    _ => new NdjsonScenario(context, options.NdjsonVia == "import"
        ? new ImportNdjsonLoader(client, options.ImportDir ?? throw new ArgumentException("--ndjson-via import needs --import-dir"))
        : new BundleNdjsonLoader(client, options.NdjsonVia)),
};

try
{
    Console.Error.WriteLine($"Setting up {options.Scenario} against {client.Base} ...");
    await scenario.SetupAsync(stop.Token);
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or HttpRequestException or IOException)
{
    Console.Error.WriteLine($"error: setup failed: {e.Message}");
    return 2;
}

var window = options.Duration is { } d ? $"{d.TotalSeconds:F0} s" : options.Count is { } n ? $"{n} requests" : "one pass";
Console.Error.WriteLine($"Running {options.Scenario} with {options.Concurrency} clients: {options.Warmup.TotalSeconds:F0} s warm-up, then {window}.");
var started = DateTimeOffset.UtcNow;
var result = await new LoadRunner(options, scenario).RunAsync(stop.Token);
var report = LoadReport.From(options, result, started, "load-tool " + string.Join(' ', args.Select(Quote)));
Console.WriteLine(MarkdownReport.Write(report));
if (options.JsonOut is { } path)
{
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, LoadReportJson.Default.LoadReport), CancellationToken.None);
    Console.Error.WriteLine($"Wrote {path}");
}

if (report.Total.Requests == 0)
{
    Console.Error.WriteLine("warning: no request completed inside the measured window; lengthen --duration or shorten --warmup.");
    return 3;
}

return 0;

static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) || arg.Contains('?', StringComparison.Ordinal) || arg.Contains('&', StringComparison.Ordinal) ? $"'{arg}'" : arg;
