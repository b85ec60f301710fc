using Hl7.Fhir.Model;
using Leodis.Web.Observations;
using Leodis.Web.Record;

namespace Leodis.Web.Patients;

/// <summary>
/// Everything the summary page shows, read in five searches run together (so the page waits for the slowest, not the
/// sum), whatever the size of the record: each asks for its newest few with <c>_sort</c> and <c>_count</c>.
/// <list type="number">
/// <item>the Patient with its GP practice, allergies, alerts, problems and medicines (one search, _include/_revinclude);</item>
/// <item>the latest NEWS2 score with the observations it was scored from (_include=Observation:derived-from);</item>
/// <item>the newest laboratory results;</item>
/// <item>the newest encounters;</item>
/// <item>the newest documents.</item>
/// </list>
/// </summary>
public sealed record SummaryData(
    PatientHeader Header,
    IReadOnlyList<Condition> Problems,
    IReadOnlyList<Medicine> Medicines,
    IReadOnlyList<AllergyIntolerance> Allergies,
    Observation? News2,
    IReadOnlyList<Observation> LatestVitalSigns,
    IReadOnlyList<Observation> Results,
    IReadOnlyList<Encounter> Encounters,
    IReadOnlyList<DocumentReference> Documents)
{
    public const int ResultCount = 20;
    public const int EncounterCount = 10;
    public const int DocumentCount = 5;

    private const string RecordIncludes = "_revinclude=Condition:patient&_revinclude=MedicationStatement:patient&_revinclude=MedicationRequest:patient";

    /// <summary>The summary of patient <paramref name="id"/>, or null when there is none the user may see.</summary>
    public static async Task<SummaryData?> LoadAsync(ClinicalRecord record, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!Fhir.Rest.Interaction.IsValidId(id))
        {
            return null;
        }

        var patient = $"patient={id}";
        var headerTask = PatientHeader.LoadAsync(record, id, RecordIncludes, ct);
        var news2Task = record.SearchAsync(
            "Observation", $"{patient}&code={News2Codes.TotalScore.System}|{News2Codes.TotalScore.Code}&_sort=-date&_count=1&_include=Observation:derived-from", ct);
        var resultsTask = record.MatchesAsync<Observation>($"{patient}&category=laboratory&_sort=-date&_count={ResultCount}", ct);
        var encountersTask = record.MatchesAsync<Encounter>($"{patient}&_sort=-date&_count={EncounterCount}", ct);
        var documentsTask = record.MatchesAsync<DocumentReference>($"{patient}&_sort=-date&_count={DocumentCount}", ct);
        await Task.WhenAll(headerTask, news2Task, resultsTask, encountersTask, documentsTask);

        if (await headerTask is not { } header)
        {
            return null;
        }

        var news2Bundle = await news2Task;
        var news2 = news2Bundle.Entry.Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match).Select(e => e.Resource).OfType<Observation>().FirstOrDefault();
        var vitals = news2Bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Include).Select(e => e.Resource).OfType<Observation>().ToList();
        var problems = header.Included<Condition>()
            .Where(c => c.ClinicalStatus?.Coding.Any(s => s.Code is "active" or "recurrence" or "relapse") == true)
            .OrderByDescending(c => OnsetOf(c), StringComparer.Ordinal)
            .ToList();
        var medicines = header.Included<MedicationRequest>().Where(m => m.Status == MedicationRequest.MedicationrequestStatus.Active).Select(Medicine.From)
            .Concat(header.Included<MedicationStatement>().Where(m => m.Status == MedicationStatement.MedicationStatusCodes.Active).Select(Medicine.From))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new SummaryData(
            header, problems, medicines, header.Included<AllergyIntolerance>().ToList(), news2, vitals,
            await resultsTask, await encountersTask, await documentsTask);
    }

    public static string? OnsetOf(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Onset switch
        {
            FhirDateTime d => d.Value,
            Period p => p.Start,
            _ => condition.RecordedDate,
        };
    }
}
