using System.Globalization;

namespace Leodis.Server.Demo;

/// <summary>
/// <c>generate</c>: writes a synthetic cohort to a folder of bundles, to NDJSON, or into a FHIR server, without starting
/// the web host. Exit code 0 on success, 1 when writing failed, 2 for a bad command line.
/// </summary>
public static class GenerateCommand
{
    public const string Name = "generate";

    public const string Usage = """
        Usage: Leodis.Server generate [options] (--out PATH | --server URL)

          --patients N         how many patients (default 1000; 1 to 1,000,000)
          --seed N             the seed; the same seed, size and date give byte-identical output (default 42)
          --reference-date D   the day the data is "as of", yyyy-MM-dd (default: today)
          --first-patient N    start at patient N, to extend a cohort made with the same seed (default 0)
          --no-hospital        leave out the hospital bundle (trust, wards, staff, GP practices)
          --out PATH           PATH ending .ndjson: every resource in one NDJSON file;
                               otherwise a folder of transaction bundles (hospital.json, patient-0000000.json, ...)
          --format ndjson      with --out FOLDER: one Type.ndjson file per resource type instead of bundles
          --server URL         POST each bundle as a transaction to this FHIR base, e.g. http://127.0.0.1:8080/fhir
          --token TOKEN        bearer token for --server (or set LEODIS_TOKEN)
          --concurrency N      bundles in flight with --server (default 4)
        """;

    /// <summary>Whether the command line asks for this command rather than the server.</summary>
    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken ct)
    {
        if (!GenerateArguments.TryParse(args.AsSpan(1), out var arguments, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(Usage);
            return 2;
        }

        if (arguments.Help)
        {
            await error.WriteLineAsync(Usage);
            return 0;
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }));
        var logger = loggers.CreateLogger("Leodis.Generate");
        var referenceDate = arguments.ReferenceDate ?? DateOnly.FromDateTime(LondonTime.ToLocal(DateTimeOffset.UtcNow).DateTime);
        var options = new CohortOptions(arguments.Patients, arguments.Seed, referenceDate)
        {
            FirstPatient = arguments.FirstPatient,
            IncludeHospital = arguments.IncludeHospital,
        };
        DemoLog.Generating(logger, options.Patients, options.FirstPatient, options.Seed, LondonTime.Format(referenceDate), arguments.Target);
        try
        {
            await using var sink = arguments.CreateSink();
            var done = await CohortRun.RunAsync(
                new CohortGenerator(options), sink, p => DemoLog.Progress(logger, p.Patients, p.Resources, p.Elapsed.TotalSeconds), ct);
            DemoLog.Done(logger, done.Patients, done.Resources, done.Elapsed.TotalSeconds, done.Resources / Math.Max(0.001, done.Elapsed.TotalSeconds));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            DemoLog.GenerationFailed(logger, e.Message);
            return 1;
        }
    }
}
