using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Web.Observations;
using Leodis.Web.Record;

namespace Leodis.Web.Wards;

/// <summary>
/// Reads a list of current inpatients through the clinical record in three searches, whatever the number of patients:
/// their in-progress Encounters with the Patients, the NEWS2 scores of those stays, and the patients' open Tasks. The
/// access gate applies to each, so a list shows only patients the user may see.
/// </summary>
public static class WardCensus
{
    private const string OpenTaskStatuses = "requested,accepted,in-progress";

    /// <summary>The in-progress stays at a ward (its beds are part of it, and the stay names both).</summary>
    public static string AtLocation(string locationId) => $"location=Location/{Uri.EscapeDataString(locationId)}&status=in-progress";

    /// <summary>
    /// The rows for the Encounters <paramref name="encounterQuery"/> finds (status and place are the caller's), sorted by
    /// ward and bed; <paramref name="wardId"/>, when given, is the ward whose name the bed name starts with.
    /// </summary>
    public static async Task<IReadOnlyList<WardPatient>> LoadAsync(
        ClinicalRecord record, string encounterQuery, string? wardId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stays = await record.SearchAsync("Encounter", $"{encounterQuery}&_include=Encounter:subject&_count=500", ct);
        var patients = stays.Entry.Select(e => e.Resource).OfType<Patient>()
            .Where(p => p.Id is not null)
            .DistinctBy(p => p.Id)
            .ToDictionary(p => p.Id ?? string.Empty, StringComparer.Ordinal);
        var encounters = stays.Entry
            .Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match)
            .Select(e => e.Resource)
            .OfType<Encounter>()
            .Where(e => PatientId(e.Subject) is { } id && patients.ContainsKey(id))
            .ToList();
        if (encounters.Count == 0)
        {
            return [];
        }

        var stayList = string.Join(',', encounters.Select(e => $"Encounter/{e.Id}"));
        var scores = await record.MatchesAsync<Observation>(
            $"encounter={stayList}&code={News2Codes.TotalScore.System}|{News2Codes.TotalScore.Code}&_sort=-date&_count=1000", ct);
        var patientList = string.Join(',', patients.Keys.Select(id => $"Patient/{id}"));
        var tasks = await record.MatchesAsync<Hl7.Fhir.Model.Task>($"subject={patientList}&status={OpenTaskStatuses}&_count=1000", ct);

        var rows = new List<WardPatient>();
        foreach (var encounter in encounters)
        {
            if (PatientId(encounter.Subject) is not { } patientId)
            {
                continue;
            }

            var latest = scores
                .Where(o => o.Status is ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected)
                .Where(o => o.Encounter?.Reference == $"Encounter/{encounter.Id}")
                .Select(o => (Observation: o, At: Effective(o)))
                .Where(s => s.At is not null)
                .OrderByDescending(s => s.At)
                .FirstOrDefault();
            var score = latest.Observation is null ? null : News2ScoreObservation.Read(latest.Observation);
            var due = score?.Response is { } response && latest.At is { } at ? response.NextObservationsDue(at) : (DateTimeOffset?)null;
            var open = tasks.Where(t => PatientId(t.For) == patientId)
                .OrderByDescending(WardPatient.IsEscalation)
                .ThenByDescending(t => t.AuthoredOn, StringComparer.Ordinal)
                .ToList();
            rows.Add(new WardPatient(
                patients[patientId], encounter, WardName(encounter, wardId), BedName(encounter, wardId), Start(encounter), score, latest.At, due, open));
        }

        return rows.OrderBy(r => r.Ward, StringComparer.Ordinal).ThenBy(r => r.Bed ?? "\uffff", StringComparer.Ordinal).ToList();
    }

    private static string? PatientId(ResourceReference? reference) =>
        reference?.Reference is { } r && r.StartsWith("Patient/", StringComparison.Ordinal) ? r["Patient/".Length..] : null;

    private static DateTimeOffset? Start(Encounter encounter) =>
        encounter.Period?.StartElement is { } start && start.TryToDateTimeOffset(out var at) ? at : null;

    private static DateTimeOffset? Effective(Observation observation) =>
        observation.Effective is FhirDateTime dateTime && dateTime.TryToDateTimeOffset(out var at) ? at : null;

    // A stay lists the ward first and then the bed (a Location that is part of the ward); only active places count.
    private static IEnumerable<Encounter.LocationComponent> Current(Encounter encounter) =>
        encounter.Location.Where(l => l.Status is null or Encounter.EncounterLocationStatus.Active);

    private static string? WardName(Encounter encounter, string? wardId)
    {
        var ward = wardId is null
            ? Current(encounter).FirstOrDefault()
            : Current(encounter).FirstOrDefault(l => l.Location?.Reference == $"Location/{wardId}");
        return ward?.Location?.Display;
    }

    private static string? BedName(Encounter encounter, string? wardId)
    {
        var places = Current(encounter).ToList();
        var ward = wardId is null ? places.FirstOrDefault() : places.FirstOrDefault(l => l.Location?.Reference == $"Location/{wardId}");
        var bed = places.LastOrDefault(l => !ReferenceEquals(l, ward))?.Location?.Display;
        if (bed is null)
        {
            return null;
        }

        // "Aire Ward Bed 03" is "Bed 03" on Aire Ward's own list.
        var wardName = ward?.Location?.Display;
        return wardName is { Length: > 0 } && bed.StartsWith(wardName + " ", StringComparison.Ordinal) ? bed[(wardName.Length + 1)..] : bed;
    }

    internal static string Count(int n, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");
}
