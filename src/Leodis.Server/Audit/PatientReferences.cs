using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Storage;

namespace Leodis.Server.Audit;

/// <summary>
/// The patients a resource belongs to, for the audit trail: a Patient itself, and every patient any Reference in it
/// points at (subject, patient, beneficiary, ...). Stored JSON is scanned without building the resource.
/// </summary>
public static partial class PatientReferences
{
    /// <summary>The patient id a reference names ("Patient/1", "Patient/1/_history/2", "https://host/fhir/Patient/1"), or null.</summary>
    public static string? IdOf(string? reference)
    {
        if (reference is null || !reference.Contains("Patient/", StringComparison.Ordinal))
        {
            return null;
        }

        var match = PatientReference().Match(reference);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Adds the patients of a stored version (nothing for a deletion, which has no body).</summary>
    public static void Add(StoredResource stored, ISet<string> patients)
    {
        if (stored.ResourceType == "Patient")
        {
            patients.Add(stored.Id);
        }

        if (stored.Json is { } json)
        {
            AddFromJson(json, patients);
        }
    }

    /// <summary>Adds the patients of a resource and of everything inside it (a Bundle's entries, contained resources).</summary>
    public static void Add(Base resource, ISet<string> patients)
    {
        foreach (var (element, location) in ElementWalk.Descendants(resource, resource.TypeName))
        {
            switch (element)
            {
                // A contained Patient's id is local to its container.
                case Patient { Id: { } id } when location.Name != "contained":
                    patients.Add(id);
                    break;
                case ResourceReference { Reference: { } reference } when IdOf(reference) is { } patient:
                    patients.Add(patient);
                    break;
                case Bundle.ResponseComponent { Location: { } written } when IdOf(written) is { } created:
                    patients.Add(created);
                    break;
            }
        }
    }

    private static void AddFromJson(string json, ISet<string> patients)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("reference"u8) &&
                reader.Read() && reader.TokenType == JsonTokenType.String && IdOf(reader.GetString()) is { } patient)
            {
                patients.Add(patient);
            }
        }
    }

    [GeneratedRegex(@"(?:^|/)Patient/([A-Za-z0-9\-\.]{1,64})(?:/_history/[^/]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PatientReference();
}
