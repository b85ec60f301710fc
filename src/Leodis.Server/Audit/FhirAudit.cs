using Hl7.Fhir.Model;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Storage;
using Action = Hl7.Fhir.Model.AuditEvent.AuditEventAction;

namespace Leodis.Server.Audit;

/// <summary>
/// What a FHIR REST request did, for its AuditEvent: the interaction, and the patients it touched. Those come from the
/// answer (the resource read or written, every entry of a search, history or bundle), from the path (Patient/1,
/// Patient/1/$everything) and the query (patient=1, subject=Patient/1); when the answer shows no resource (a refusal,
/// a deletion) they are looked up in the store, so a denied attempt still names the patient.
/// </summary>
public static class FhirAudit
{
    public static async Task<AuditFacts> FactsAsync(
        IResourceStore store, string method, string path, string queryString, FhirRequest? request, FhirResponse? response, int status, CancellationToken ct)
    {
        Interaction? interaction;
        try
        {
            interaction = Interaction.Parse(method, path);
        }
        catch (Leodis.Fhir.FhirException)
        {
            interaction = null;
        }

        var (subtype, action) = Describe(interaction?.Kind, method, request?.Body);
        var patients = new HashSet<string>(StringComparer.Ordinal);
        var shown = false;
        if (response?.Stored is { } stored)
        {
            PatientReferences.Add(stored, patients);
            shown = stored.Json is not null;
        }

        foreach (var entry in response?.Search?.Entries ?? [])
        {
            PatientReferences.Add(entry.Resource, patients);
        }

        if (response?.Resource is { } resource)
        {
            PatientReferences.Add(resource, patients);
            shown = true;
        }

        if (response?.Search is not null)
        {
            shown = true;
        }

        if (interaction is { Id: { } id } && (interaction.ResourceType == "Patient" || interaction.CompartmentType == "Patient"))
        {
            patients.Add(id);
        }
        else if (interaction is { ResourceType: { } type, Id: { } instance, CompartmentType: null } && !shown)
        {
            await AddStoredAsync(store, type, instance, patients, ct);
        }

        if (request?.Body is { } body && (!shown || interaction?.Kind == InteractionKind.Batch))
        {
            // A write refused before it was stored, or a batch or transaction: the patients it touched or would have.
            PatientReferences.Add(body, patients);
        }

        foreach (var (name, value) in request?.Query ?? [])
        {
            AddQueried(name, value, interaction?.ResourceType, patients);
        }

        return new AuditFacts(subtype, action, status)
        {
            Patients = patients,
            What = What(interaction, response),
            Query = $"{method} {path}{queryString}",
        };
    }

    /// <summary>The restful-interaction code and the action of an interaction (BALP: searches and operations execute, E).</summary>
    private static (string Subtype, Action Action) Describe(InteractionKind? kind, string method, Resource? body) => kind switch
    {
        InteractionKind.Read => ("read", Action.R),
        InteractionKind.VRead => ("vread", Action.R),
        InteractionKind.Create => ("create", Action.C),
        InteractionKind.Update or InteractionKind.ConditionalUpdate => ("update", Action.U),
        InteractionKind.Patch or InteractionKind.ConditionalPatch => ("patch", Action.U),
        InteractionKind.Delete or InteractionKind.ConditionalDelete => ("delete", Action.D),
        InteractionKind.HistoryInstance => ("history-instance", Action.R),
        InteractionKind.HistoryType => ("history-type", Action.R),
        InteractionKind.HistorySystem => ("history-system", Action.R),
        InteractionKind.SearchType => ("search-type", Action.E),
        InteractionKind.SearchSystem => ("search-system", Action.E),
        InteractionKind.SearchCompartment => ("search-compartment", Action.E),
        InteractionKind.Capabilities => ("capabilities", Action.R),
        InteractionKind.Batch => (body is Bundle { Type: Bundle.BundleType.Transaction } ? "transaction" : "batch", Action.E),
        InteractionKind.Everything or InteractionKind.Reindex => ("operation", Action.E),
        _ => method switch
        {
            "POST" => ("create", Action.C),
            "PUT" or "PATCH" => ("update", Action.U),
            "DELETE" => ("delete", Action.D),
            _ => ("read", Action.R),
        },
    };

    private static List<string> What(Interaction? interaction, FhirResponse? response) =>
        response?.Location is { } location ? [location]
        : interaction is { ResourceType: { } type, Id: { } id, CompartmentType: null } ? [interaction.VersionId is { } v ? $"{type}/{id}/_history/{v}" : $"{type}/{id}"]
        : interaction is { CompartmentType: { } compartment, Id: { } owner } ? [$"{compartment}/{owner}"]
        : [];

    /// <summary>The current version's patients, or, for a deleted resource, those of the version before its deletion.</summary>
    private static async Task AddStoredAsync(IResourceStore store, string type, string id, HashSet<string> patients, CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: false, ct);
        var stored = await session.ReadAsync(type, id, ct);
        if (stored is { IsDeleted: true, VersionId: > 1 })
        {
            stored = await session.ReadVersionAsync(type, id, stored.VersionId - 1, ct);
        }

        if (stored is not null)
        {
            PatientReferences.Add(stored, patients);
        }
    }

    /// <summary>A search that names a patient touches that patient even when nothing matches.</summary>
    private static void AddQueried(string name, string value, string? type, HashSet<string> patients)
    {
        var parameter = name.Split(':')[0];
        foreach (var one in value.Split(','))
        {
            if (PatientReferences.IdOf(one) is { } patient)
            {
                patients.Add(patient);
            }
            else if ((parameter == "patient" || (parameter == "_id" && type == "Patient")) && Interaction.IsValidId(one))
            {
                patients.Add(one);
            }
        }
    }
}
