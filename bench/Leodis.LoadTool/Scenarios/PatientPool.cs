using System.Text.Json;
using Leodis.LoadTool.Fhir;

namespace Leodis.LoadTool.Scenarios;

/// <summary>Patients created before the clock starts, for the read, update and search scenarios to use.</summary>
public sealed class PatientPool(ScenarioContext context)
{
    private readonly List<PooledPatient> patients = [];

    public IReadOnlyList<PooledPatient> Patients => patients;

    public PooledPatient Pick(Random random) => patients[random.Next(patients.Count)];

    /// <summary>
    /// Creates <see cref="LoadOptions.SetupCount"/> Patients with the run's concurrency, or with <c>--patients existing</c>
    /// finds that many already stored; fails if the server will not.
    /// </summary>
    public async Task FillAsync(CancellationToken ct)
    {
        if (patients.Count > 0)
        {
            return;
        }

        var options = context.Options;
        if (options.ExistingPatients)
        {
            patients.AddRange(await StoredPatients.FindAsync(context.Client, options.SetupCount, options.Seed, ct));
            return;
        }

        var created = new PooledPatient[options.SetupCount];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, options.SetupCount)).Select(async w =>
        {
            using var worker = new WorkerContext(w, options.Seed + 7919);
            int index;
            while ((index = Interlocked.Increment(ref next)) < created.Length)
            {
                created[index] = await CreateOneAsync(worker, ct);
            }
        });
        await Task.WhenAll(workers);
        patients.AddRange(created);
    }

    private async Task<PooledPatient> CreateOneAsync(WorkerContext worker, CancellationToken ct)
    {
        var body = worker.Patients.Write(worker.Random, context.NextSequence(), context.RunId, null, out var facts);
        var client = context.Client;
        var (status, text, location) = await client.SendForTextAsync(HttpMethod.Post, client.Resolve("Patient"), FhirClient.Json(body), ct);
        if (status != 201)
        {
            throw new InvalidOperationException($"Setup could not create a Patient: the server answered {status}: {Truncate(text)}");
        }

        var id = IdFromLocation(location) ?? IdFromBody(text)
            ?? throw new InvalidOperationException("Setup created a Patient but the server said neither Location nor id.");
        return new PooledPatient(id, facts, client.Resolve("Patient/" + Uri.EscapeDataString(id)));
    }

    /// <summary>The id in ".../Patient/{id}/_history/{vid}" or ".../Patient/{id}".</summary>
    public static string? IdFromLocation(string? location)
    {
        if (location is null)
        {
            return null;
        }

        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.LastIndexOf(segments, "Patient");
        return at >= 0 && at + 1 < segments.Length ? Uri.UnescapeDataString(segments[at + 1]) : null;
    }

    private static string? IdFromBody(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
