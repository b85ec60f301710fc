using Hl7.Fhir.Model;

namespace Leodis.Server.Fhir;

/// <summary>
/// The server's CapabilityStatement: exactly the interactions the engine implements, for every R4 resource type.
/// Keep it in step with <see cref="Leodis.Fhir.Rest.FhirEngine"/>: a capability listed here is one a test exercises.
/// </summary>
public static class CapabilityStatementFactory
{
    private static readonly CapabilityStatement.TypeRestfulInteraction[] TypeInteractions =
    [
        CapabilityStatement.TypeRestfulInteraction.Read,
        CapabilityStatement.TypeRestfulInteraction.Vread,
        CapabilityStatement.TypeRestfulInteraction.Update,
        CapabilityStatement.TypeRestfulInteraction.Patch,
        CapabilityStatement.TypeRestfulInteraction.Delete,
        CapabilityStatement.TypeRestfulInteraction.HistoryInstance,
        CapabilityStatement.TypeRestfulInteraction.HistoryType,
        CapabilityStatement.TypeRestfulInteraction.Create,
    ];

    public static CapabilityStatement Create(string baseUrl)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Leodis FHIR R4 API: create, read, vread, update, patch, delete, history, batch and transaction.",
            Interaction =
            [
                new() { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.HistorySystem },
            ],
        };
        foreach (var type in Hl7.Fhir.Model.ModelInfo.SupportedResources.Order(StringComparer.Ordinal))
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Interaction = TypeInteractions.Select(code => new CapabilityStatement.ResourceInteractionComponent { Code = code }).ToList(),
                Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
                ReadHistory = true,
                UpdateCreate = true,
                ConditionalCreate = false,
                ConditionalRead = CapabilityStatement.ConditionalReadStatus.NotSupported,
                ConditionalUpdate = false,
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
            });
        }

        return new CapabilityStatement
        {
            Url = $"{baseUrl}/metadata",
            Name = "Leodis",
            Title = "Leodis FHIR R4 server",
            Status = PublicationStatus.Active,
            Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Publisher = "Leodis",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent
            {
                Name = "Leodis",
                Version = typeof(CapabilityStatementFactory).Assembly.GetName().Version?.ToString(),
            },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Leodis", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml"],
            PatchFormat = [ContentNegotiation.JsonPatch, "application/fhir+json", "application/fhir+xml"],
            Rest = [rest],
        };
    }
}
