using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Rest;

/// <summary>
/// The outcome of one interaction. A stored version is kept as its JSON so that a read can be sent without
/// parsing; <see cref="Resource"/> is set where the engine built the answer itself (bundles, outcomes).
/// </summary>
public sealed record FhirResponse(HttpStatusCode Status)
{
    public StoredResource? Stored { get; init; }

    public Resource? Resource { get; init; }

    public OperationOutcome? Outcome { get; init; }

    /// <summary>A search page, written as a searchset Bundle.</summary>
    public SearchSet? Search { get; init; }

    /// <summary>Relative location of the version written: "Type/id/_history/vid".</summary>
    public string? Location { get; init; }

    public string? ETag => Stored is null ? null : $"W/\"{Stored.VersionId}\"";

    public DateTimeOffset? LastModified => Stored?.LastUpdated;

    /// <summary>The resource to return, parsed from its stored JSON when needed.</summary>
    public Resource? ResourceOrParsed() =>
        Resource ?? Search?.ToBundle() ?? (Stored is { Json: { } json } ? FhirFormat.ParseStored(json) : null);

    public static FhirResponse Of(HttpStatusCode status, StoredResource stored, bool withLocation) => new(status)
    {
        Stored = stored,
        Location = withLocation ? $"{stored.ResourceType}/{stored.Id}/_history/{stored.VersionId}" : null,
    };
}
