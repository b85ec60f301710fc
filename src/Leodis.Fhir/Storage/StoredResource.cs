namespace Leodis.Fhir.Storage;

/// <summary>One version of a resource as the store keeps it: the JSON already carries meta.versionId and meta.lastUpdated.</summary>
public sealed record StoredResource(
    string ResourceType,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    bool IsDeleted,
    string? Json,
    string Method = "PUT");
