using System.Globalization;
using System.Text.Json;
using Leodis.LoadTool.Fhir;

namespace Leodis.LoadTool.Scenarios;

/// <summary>
/// Finds Patients already on the server (those with an NHS number) for searches over data loaded beforehand. It pages
/// through four times as many as it needs and keeps a seeded random sample, so the run does not only ask for the
/// first Patients loaded.
/// </summary>
internal static class StoredPatients
{
    private const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

    public static async Task<IReadOnlyList<PooledPatient>> FindAsync(FhirClient client, int count, int seed, CancellationToken ct)
    {
        var found = new List<PooledPatient>();
        Uri? page = client.Resolve($"Patient?identifier={Uri.EscapeDataString(NhsNumberSystem)}%7C&_count=500&_elements=identifier,name,birthDate");
        while (page is not null && found.Count < count * 4)
        {
            var (status, body, _) = await client.SendForTextAsync(HttpMethod.Get, page, null, ct);
            if (status != 200)
            {
                throw new InvalidOperationException($"Setup could not search Patients: the server answered {status}.");
            }

            using var bundle = JsonDocument.Parse(body);
            found.AddRange(Patients(bundle.RootElement, client));
            page = NextPage(bundle.RootElement, client);
        }

        if (found.Count == 0)
        {
            throw new InvalidOperationException("Setup found no stored Patient with an NHS number, family name and birth date.");
        }

        var random = new Random(seed);
        return found.OrderBy(_ => random.Next()).Take(count).ToList();
    }

    private static IEnumerable<PooledPatient> Patients(JsonElement bundle, FhirClient client)
    {
        if (!bundle.TryGetProperty("entry", out var entries))
        {
            yield break;
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.TryGetProperty("resource", out var patient)
                && patient.TryGetProperty("id", out var id)
                && Nhs(patient) is { } nhs
                && Family(patient) is { } family
                && patient.TryGetProperty("birthDate", out var birth)
                && DateOnly.TryParseExact(birth.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
            {
                var text = id.GetString() ?? string.Empty;
                yield return new PooledPatient(text, new PatientFacts(nhs, family, birthDate), client.Resolve("Patient/" + Uri.EscapeDataString(text)));
            }
        }
    }

    private static string? Nhs(JsonElement patient) =>
        patient.TryGetProperty("identifier", out var identifiers)
            ? identifiers.EnumerateArray()
                .Where(i => i.TryGetProperty("system", out var s) && s.GetString() == NhsNumberSystem)
                .Select(i => i.TryGetProperty("value", out var v) ? v.GetString() : null)
                .FirstOrDefault(v => v is not null)
            : null;

    private static string? Family(JsonElement patient) =>
        patient.TryGetProperty("name", out var names)
            ? names.EnumerateArray()
                .Select(n => n.TryGetProperty("family", out var f) ? f.GetString() : null)
                .FirstOrDefault(f => !string.IsNullOrEmpty(f))
            : null;

    private static Uri? NextPage(JsonElement bundle, FhirClient client)
    {
        if (!bundle.TryGetProperty("link", out var links))
        {
            return null;
        }

        var next = links.EnumerateArray()
            .Where(l => l.TryGetProperty("relation", out var r) && r.GetString() == "next")
            .Select(l => l.GetProperty("url").GetString())
            .FirstOrDefault();
        return next is null ? null : client.Resolve(next);
    }
}
