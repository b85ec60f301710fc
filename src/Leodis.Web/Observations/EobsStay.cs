using System.Security.Claims;
using Hl7.Fhir.Model;
using Leodis.Web.Record;

namespace Leodis.Web.Observations;

/// <summary>
/// What the eObs page needs to know about the patient's current stay before a set is recorded: the in-progress
/// Encounter (observations are charted against it, and ward lists find them by it), where the patient is, whom an
/// escalation goes to, and the last NEWS2 (for its SpO2 scale and when the next set is due).
/// </summary>
public sealed record EobsStay(Encounter? Encounter, string? Place, ResourceReference? Owner, EobsHistory? Previous)
{
    /// <summary>Where an eObs set names its performer when the user has no Practitioner record: their user name.</summary>
    public const string UserSystem = "https://leodis.example/Id/user";

    public static async Task<EobsStay> LoadAsync(ClinicalRecord record, string patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var patient = $"Patient/{Uri.EscapeDataString(patientId)}";
        // Three independent reads, started together (each waits for its own audit record).
        var staysTask = record.MatchesAsync<Encounter>($"subject={patient}&status=in-progress&_sort=-date&_count=20", ct);
        var teamsTask = record.MatchesAsync<CareTeam>($"subject={patient}&status=active", ct);
        var scoresTask = record.MatchesAsync<Observation>(
            $"subject={patient}&code={News2Codes.TotalScore.System}|{News2Codes.TotalScore.Code}&_sort=-date&_count=1", ct);
        var stays = await staysTask;

        // An inpatient stay outranks a clinic or ED visit still open at the same time: the ward acts on the escalation.
        var encounter = stays.FirstOrDefault(e => e.Class?.Code == "IMP") ?? stays.FirstOrDefault();
        var teams = await teamsTask;
        var team = teams.FirstOrDefault(t => encounter is not null && t.Encounter?.Reference == $"Encounter/{encounter.Id}") ?? teams.FirstOrDefault();

        // Task.owner may not be a Location, so with no care team the ward's organisation owns the escalation.
        var owner = team is not null
            ? new ResourceReference($"CareTeam/{team.Id}", team.Name)
            : (ResourceReference?)encounter?.ServiceProvider?.DeepCopy();
        var scores = await scoresTask;
        EobsHistory? previous = null;
        if (scores.FirstOrDefault() is { Effective: FhirDateTime effective } latest && effective.TryToDateTimeOffset(out var at))
        {
            previous = new EobsHistory(News2ScoreObservation.Read(latest), at);
        }

        return new EobsStay(encounter, encounter is null ? null : Describe(encounter), owner, previous);
    }

    /// <summary>The user as performer: their Practitioner when their sign-in names one, else their name and user name.</summary>
    public static ResourceReference Performer(ClaimsPrincipal? user)
    {
        var name = user?.FindFirst("name")?.Value;
        var fhirUser = user?.FindFirst("fhirUser")?.Value;
        var at = fhirUser?.LastIndexOf("Practitioner/", StringComparison.Ordinal) ?? -1;
        if (fhirUser is not null && at >= 0)
        {
            return new ResourceReference(fhirUser[at..], name);
        }

        return new ResourceReference
        {
            Display = name ?? "Unknown user",
            Identifier = user?.FindFirst("sub")?.Value is { } sub ? new Identifier(UserSystem, sub) : null,
        };
    }

    // "Aire Ward, Aire Ward Bed 03" reads as "Aire Ward, Bed 03".
    private static string? Describe(Encounter encounter)
    {
        var places = encounter.Location
            .Where(l => l.Status is null or Encounter.EncounterLocationStatus.Active)
            .Select(l => l.Location?.Display)
            .OfType<string>()
            .ToList();
        if (places.Count == 0)
        {
            return null;
        }

        var ward = places[0];
        var rest = places.Skip(1).Select(p => p.StartsWith(ward + " ", StringComparison.Ordinal) ? p[(ward.Length + 1)..] : p);
        return string.Join(", ", rest.Prepend(ward));
    }
}
