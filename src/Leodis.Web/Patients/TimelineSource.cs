using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Web.Record;
using Leodis.Web.Trends;

namespace Leodis.Web.Patients;

/// <summary>
/// Reads the timeline a page at a time, newest first, without loading the whole record: each kind asked for is one
/// search for its newest <see cref="PerKind"/> before the cursor (<c>_sort</c>, <c>_count</c>, a date bound), and the
/// page shows only what is newer than the oldest entry of any kind that was cut short, since older entries of the kinds
/// that were cut short are not yet known. The next page starts there. Observations taken at the same moment are one
/// entry (a set of vital signs, a panel of results).
/// </summary>
public sealed class TimelineSource(ClinicalRecord record, string patientId)
{
    public const int PerKind = 40;

    /// <summary>Specialty (encounter service type) by encounter reference, read once: the specialty of whatever happened in it.</summary>
    private Dictionary<string, string> specialties = [];

    /// <summary>The specialties of the patient's encounters, for the filter.</summary>
    public IReadOnlyList<string> Specialties => specialties.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public async Task LoadSpecialtiesAsync(CancellationToken ct)
    {
        var encounters = await record.MatchesAsync<Encounter>($"patient={patientId}&_count=1000&_elements=serviceType", ct);
        specialties = encounters.Where(e => e.ServiceType is not null && e.Id is not null)
            .ToDictionary(e => $"Encounter/{e.Id}", e => ObservationValues.Name(e.ServiceType), StringComparer.Ordinal);
    }

    /// <summary>The page of entries of the given kinds (and specialty, when one is given) taken at or before <paramref name="olderThan"/>.</summary>
    public async Task<TimelinePage> PageAsync(IReadOnlySet<TimelineKind> kinds, string? specialty, DateTimeOffset? olderThan, CancellationToken ct)
    {
        var bound = olderThan is { } cursor ? "&date=le" + cursor.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;
        var searches = new List<Task<(List<TimelineEntry> Entries, bool CutShort)>>();
        void Add<T>(TimelineKind kind, string query, string dateParameter, Func<T, IEnumerable<TimelineEntry>> read)
            where T : Resource
        {
            if (kinds.Contains(kind))
            {
                searches.Add(SearchAsync(query.Replace("&date=", $"&{dateParameter}=", StringComparison.Ordinal), read, ct));
            }
        }

        var newest = $"patient={patientId}&_count={PerKind}";
        Add<Encounter>(TimelineKind.Encounter, $"{newest}&_sort=-date{bound}", "date", Entries);
        if (kinds.Contains(TimelineKind.Observations) || kinds.Contains(TimelineKind.Results))
        {
            var labsOnly = !kinds.Contains(TimelineKind.Observations) ? "&category=laboratory" : string.Empty;
            searches.Add(SearchAsync<Observation>($"{newest}&_sort=-date{labsOnly}{bound}", o => [], ct, observations => Sets(observations, kinds)));
        }

        Add<Condition>(TimelineKind.Condition, $"{newest}&_sort=-recorded-date{bound}", "recorded-date", Entries);
        Add<Procedure>(TimelineKind.Procedure, $"{newest}&_sort=-date{bound}", "date", Entries);
        Add<MedicationRequest>(TimelineKind.Medication, $"{newest}&_sort=-authoredon{bound}", "authoredon", Entries);
        Add<MedicationStatement>(TimelineKind.Medication, $"{newest}&_sort=-effective{bound}", "effective", Entries);
        Add<DocumentReference>(TimelineKind.Document, $"{newest}&_sort=-date{bound}", "date", Entries);
        var answers = await Task.WhenAll(searches);

        // Everything newer than the oldest entry of a kind that was cut short is complete; the rest waits for the next page.
        var horizon = answers.Where(a => a.CutShort && a.Entries.Count > 0).Select(a => a.Entries.Min(e => e.When)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var all = answers.SelectMany(a => a.Entries).OrderByDescending(e => e.When).ToList();
        var shown = all.Where(e => e.When > horizon).ToList();
        if (shown.Count == 0 && all.Count > 0)
        {
            shown = all; // every kind's page ends at one instant: show it rather than never move on
        }

        var filtered = specialty is null ? shown : shown.Where(e => e.Specialty == specialty).ToList();
        return new TimelinePage(filtered, horizon == DateTimeOffset.MinValue ? null : horizon);
    }

    private async Task<(List<TimelineEntry>, bool)> SearchAsync<T>(
        string query, Func<T, IEnumerable<TimelineEntry>> read, CancellationToken ct, Func<List<T>, IEnumerable<TimelineEntry>>? readAll = null)
        where T : Resource
    {
        var found = await record.MatchesAsync<T>(query, ct);
        var entries = (readAll is null ? found.SelectMany(read) : readAll(found)).ToList();
        return (entries, found.Count >= PerKind);
    }

    private string? SpecialtyOf(ResourceReference? encounter) =>
        encounter?.Reference is { } reference && specialties.TryGetValue(reference, out var name) ? name : null;

    private IEnumerable<TimelineEntry> Entries(Encounter e) =>
        When(e.Period?.Start) is { } when
            ? [new(when, TimelineKind.Encounter, $"{SummaryEncounters.ClassName(e.Class)} encounter: {ObservationValues.Name(e.Type.FirstOrDefault())}",
                string.Join(", ", e.Location.Select(l => l.Location?.Display).OfType<string>()), e.ServiceType is null ? null : ObservationValues.Name(e.ServiceType), null)]
            : [];

    private IEnumerable<TimelineEntry> Sets(List<Observation> observations, IReadOnlySet<TimelineKind> kinds) =>
        observations
            .Select(o => (Observation: o, When: ObservationValues.Taken(o), IsLab: o.Category.Any(c => c.Coding.Any(x => x.Code == "laboratory"))))
            .Where(o => o.When is not null && kinds.Contains(o.IsLab ? TimelineKind.Results : TimelineKind.Observations))
            .GroupBy(o => (When: o.When.GetValueOrDefault(), o.IsLab, Encounter: o.Observation.Encounter?.Reference))
            .Select(set => new TimelineEntry(
                set.Key.When,
                set.Key.IsLab ? TimelineKind.Results : TimelineKind.Observations,
                set.Key.IsLab ? "Results" : "Observations",
                string.Join("; ", set.Select(o => $"{ObservationValues.Name(o.Observation)} {ObservationValues.Value(o.Observation)}{Flag(o.Observation)}")),
                SpecialtyOf(set.First().Observation.Encounter),
                set.Key.IsLab && ObservationCode(set.First().Observation) is { } code ? $"patients/{patientId}/results/{code}" : null));

    private IEnumerable<TimelineEntry> Entries(Condition c) =>
        When(c.RecordedDate ?? SummaryData.OnsetOf(c)) is { } when
            ? [new(when, TimelineKind.Condition, $"Problem: {ObservationValues.Name(c.Code)}", c.ClinicalStatus?.Coding.FirstOrDefault()?.Code, SpecialtyOf(c.Encounter), null)]
            : [];

    private IEnumerable<TimelineEntry> Entries(Procedure p) =>
        When(p.Performed switch { FhirDateTime d => d.Value, Period period => period.Start, _ => null }) is { } when
            ? [new(when, TimelineKind.Procedure, $"Procedure: {ObservationValues.Name(p.Code)}", p.Status?.ToString(), SpecialtyOf(p.Encounter), null)]
            : [];

    private IEnumerable<TimelineEntry> Entries(MedicationRequest m) =>
        When(m.AuthoredOn) is { } when
            ? [new(when, TimelineKind.Medication, $"Prescribed: {Medicine.From(m).Name}", m.DosageInstruction.FirstOrDefault()?.Text, SpecialtyOf(m.Encounter), null)]
            : [];

    private IEnumerable<TimelineEntry> Entries(MedicationStatement m) =>
        When(Medicine.From(m).Since) is { } when
            ? [new(when, TimelineKind.Medication, $"Started: {Medicine.From(m).Name}", Medicine.From(m).Dosage, SpecialtyOf(m.Context), null)]
            : [];

    private IEnumerable<TimelineEntry> Entries(DocumentReference d) =>
        d.Date is { } when
            ? [new(when, TimelineKind.Document, $"Document: {d.Description ?? ObservationValues.Name(d.Type)}", d.Author.FirstOrDefault()?.Display,
                SpecialtyOf(d.Context?.Encounter.FirstOrDefault()) ?? (d.Context?.PracticeSetting is { } setting ? ObservationValues.Name(setting) : null), null)]
            : [];

    private static string Flag(Observation observation) => ObservationValues.Abnormal(observation) is { } flag ? $" ({flag.Code})" : string.Empty;

    private static string? ObservationCode(Observation observation) => observation.Code?.Coding.FirstOrDefault()?.Code;

    private static DateTimeOffset? When(string? fhirDateTime) => PatientDisplay.Instant(fhirDateTime);
}
