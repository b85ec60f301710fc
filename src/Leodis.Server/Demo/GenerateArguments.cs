using System.Globalization;

namespace Leodis.Server.Demo;

/// <summary>The generate command's options, read from the command line.</summary>
internal sealed record GenerateArguments
{
    public int Patients { get; init; } = 1000;

    public long Seed { get; init; } = 42;

    public DateOnly? ReferenceDate { get; init; }

    public int FirstPatient { get; init; }

    public bool IncludeHospital { get; init; } = true;

    public string? Out { get; init; }

    public bool Ndjson { get; init; }

    public Uri? Server { get; init; }

    public string? Token { get; init; } = Environment.GetEnvironmentVariable("LEODIS_TOKEN");

    public int Concurrency { get; init; } = 4;

    public bool Help { get; init; }

    public string Target => Server?.ToString() ?? Out ?? string.Empty;

    public ICohortSink CreateSink() => (Server, Out) switch
    {
        ({ } server, _) => new FhirServerSink(server, Token, Concurrency),
        (_, { } path) when path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) => NdjsonSink.ToFile(path),
        (_, { } path) when Ndjson => NdjsonSink.ToFolder(path),
        (_, { } path) => new BundleFolderSink(path),
        _ => throw new InvalidOperationException("Give --out or --server."),
    };

    public static bool TryParse(ReadOnlySpan<string> args, out GenerateArguments result, out string problem)
    {
        result = new GenerateArguments();
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                result = result with { Help = true };
                return true;
            }

            if (name == "--no-hospital")
            {
                result = result with { IncludeHospital = false };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                problem = $"{name} needs a value.";
                return false;
            }

            var value = args[++i];
            var ok = true;
            switch (name)
            {
                case "--patients":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var patients) && patients is >= 1 and <= CohortGenerator.MaxPatients;
                    result = result with { Patients = patients };
                    break;
                case "--seed":
                    ok = long.TryParse(value, CultureInfo.InvariantCulture, out var seed);
                    result = result with { Seed = seed };
                    break;
                case "--reference-date":
                    ok = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
                    result = result with { ReferenceDate = date };
                    break;
                case "--first-patient":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var first) && first >= 0;
                    result = result with { FirstPatient = first };
                    break;
                case "--out":
                    result = result with { Out = value };
                    break;
                case "--format":
                    ok = value is "ndjson" or "bundles";
                    result = result with { Ndjson = value == "ndjson" };
                    break;
                case "--server":
                    ok = Uri.TryCreate(value, UriKind.Absolute, out var server) && server.Scheme is "http" or "https";
                    result = result with { Server = server };
                    break;
                case "--token":
                    result = result with { Token = value };
                    break;
                case "--concurrency":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out var concurrency) && concurrency is >= 1 and <= 64;
                    result = result with { Concurrency = concurrency };
                    break;
                default:
                    problem = $"Unknown option {name}.";
                    return false;
            }

            if (!ok)
            {
                problem = $"{name} {value} is not valid.";
                return false;
            }
        }

        if ((result.Out is null) == (result.Server is null))
        {
            problem = "Give exactly one of --out and --server.";
            return false;
        }

        if ((long)result.FirstPatient + result.Patients > CohortGenerator.MaxPatients)
        {
            problem = $"--first-patient plus --patients may not pass {CohortGenerator.MaxPatients}.";
            return false;
        }

        return true;
    }
}
