using Hl7.Fhir.Model;
using Leodis.Fhir.Search;

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
        CapabilityStatement.TypeRestfulInteraction.SearchType,
    ];

    private static readonly string[] Compartments = ["Patient", "Encounter", "RelatedPerson", "Practitioner", "Device"];

    /// <param name="security">How clients sign in (rest.security), when the server requires it.</param>
    public static CapabilityStatement Create(string baseUrl, SearchParameterRegistry registry, CapabilityStatement.SecurityComponent? security = null)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Leodis FHIR R4 API: create, read, vread, update, patch, delete, history, search, batch and transaction. " +
                "Search supports the modifiers :missing, :exact, :contains, :text, :not, :of-type, :identifier, :below and :above (uri), " +
                "reference :Type, the prefixes eq ne gt lt ge le sa eb ap, chains, _has, _include and _revinclude (with :iterate), " +
                "_sort, _count, _summary, _elements and _total.",
            Interaction =
            [
                new() { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.HistorySystem },
                new() { Code = CapabilityStatement.SystemRestfulInteraction.SearchSystem },
            ],
            Operation = [new() { Name = "import", Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/import" }],
            Security = security,
        };
        var searchable = registry.All.Where(Searchable).ToList();
        rest.Compartment = Compartments
            .Select(c => $"http://hl7.org/fhir/CompartmentDefinition/{c.ToLowerInvariant()}").ToList();
        foreach (var type in Hl7.Fhir.Model.ModelInfo.SupportedResources.Order(StringComparer.Ordinal))
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Interaction = TypeInteractions.Select(code => new CapabilityStatement.ResourceInteractionComponent { Code = code }).ToList(),
                Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
                ReadHistory = true,
                UpdateCreate = true,
                ConditionalCreate = true,
                ConditionalRead = CapabilityStatement.ConditionalReadStatus.NotSupported,
                ConditionalUpdate = true,
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.Single,
                SearchParam = searchable.Where(p => p.ResourceType == type).OrderBy(p => p.Code, StringComparer.Ordinal)
                    .Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Code, Definition = p.Url, Type = p.Type })
                    .ToList(),
                SearchInclude = ["*", .. searchable.Where(p => p.ResourceType == type && p.Type == SearchParamType.Reference)
                    .Select(p => $"{type}:{p.Code}").Order(StringComparer.Ordinal)],
                SearchRevInclude = searchable
                    .Where(p => p.Type == SearchParamType.Reference && (p.Targets.Count == 0 || p.Targets.Contains(type)))
                    .Select(p => $"{p.ResourceType}:{p.Code}").Order(StringComparer.Ordinal).ToList(),
                Operation = type == "Patient"
                    ? [new CapabilityStatement.OperationComponent { Name = "everything", Definition = "http://hl7.org/fhir/OperationDefinition/Patient-everything" }]
                    : [],
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

    /// <summary>Parameters the engine indexes and queries: not the special ones, nor _text and _content (no expression).</summary>
    private static bool Searchable(SearchParameterDefinition parameter) =>
        parameter.Type != SearchParamType.Special && (parameter.Expression is not null || parameter.Code == "_id");
}
