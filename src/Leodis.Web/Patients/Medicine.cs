using Hl7.Fhir.Model;

namespace Leodis.Web.Patients;

/// <summary>A current medicine as the summary lists it, from a hospital prescription or a statement of what the patient takes.</summary>
public sealed record Medicine(string Name, string? Dosage, string Source, string? Since)
{
    public static Medicine From(MedicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Medicine(NameOf(request.Medication), request.DosageInstruction.FirstOrDefault()?.Text, "Prescribed here", request.AuthoredOn);
    }

    public static Medicine From(MedicationStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var since = statement.Effective switch { Period p => p.Start, FhirDateTime d => d.Value, _ => null };
        var source = statement.Category?.Coding.FirstOrDefault()?.Code == "community" ? "Community (GP)" : "Statement";
        return new Medicine(NameOf(statement.Medication), statement.Dosage.FirstOrDefault()?.Text, source, since);
    }

    private static string NameOf(DataType? medication) => medication switch
    {
        CodeableConcept c => Trends.ObservationValues.Name(c),
        ResourceReference r => r.Display ?? r.Reference ?? "Unnamed medicine",
        _ => "Unnamed medicine",
    };
}
