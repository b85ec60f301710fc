using Hl7.Fhir.Model;
using Leodis.Web.Record;

namespace Leodis.Web.Patients;

/// <summary>
/// What the patient banner shows, read in one search: the Patient, its GP practice (_include), and its allergies and
/// alerts (_revinclude). <see cref="Bundle"/> keeps the whole answer so a page that asked for more (the summary adds
/// problems and medicines) reads them from the same round trip.
/// </summary>
public sealed record PatientHeader(Patient Patient, string? Practice, AllergyStatus Allergies, IReadOnlyList<PatientAlert> Alerts, Bundle Bundle)
{
    /// <summary>The banner's own includes.</summary>
    public const string BannerIncludes = "_include=Patient:general-practitioner&_revinclude=AllergyIntolerance:patient&_revinclude=Flag:patient";

    /// <summary>The header of patient <paramref name="id"/>, or null when there is no such patient or the user may not see them.</summary>
    public static async Task<PatientHeader?> LoadAsync(ClinicalRecord record, string id, string? moreIncludes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!Fhir.Rest.Interaction.IsValidId(id))
        {
            return null;
        }

        var query = $"_id={id}&{BannerIncludes}" + (moreIncludes is null ? string.Empty : "&" + moreIncludes);
        var bundle = await record.SearchAsync("Patient", query, ct);
        return From(bundle, id);
    }

    /// <summary>The header in a search answer for one patient, or null when it holds no such patient.</summary>
    public static PatientHeader? From(Bundle bundle, string id)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var resources = bundle.Entry.Select(e => e.Resource).Where(r => r is not null).ToList();
        if (resources.OfType<Patient>().FirstOrDefault(p => p.Id == id) is not { } patient)
        {
            return null;
        }

        var gp = patient.GeneralPractitioner.FirstOrDefault();
        var practice = resources.OfType<Organization>().FirstOrDefault(o => $"Organization/{o.Id}" == gp?.Reference)?.Name ?? gp?.Display;
        var alerts = resources.OfType<Flag>().Select(PatientAlert.From).OfType<PatientAlert>()
            .OrderBy(a => a.Tier).ThenByDescending(a => a.Since, StringComparer.Ordinal).ToList();
        return new PatientHeader(patient, practice, AllergyStatus.From(resources.OfType<AllergyIntolerance>()), alerts, bundle);
    }

    /// <summary>The resources of one type the header's search brought in.</summary>
    public IEnumerable<T> Included<T>()
        where T : Resource => Bundle.Entry.Select(e => e.Resource).OfType<T>();
}
