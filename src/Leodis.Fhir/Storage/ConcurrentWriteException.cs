namespace Leodis.Fhir.Storage;

/// <summary>Another writer changed the resource between this session's read and its write.</summary>
public sealed class ConcurrentWriteException(string resourceType, string id)
    : Exception($"{resourceType}/{id} was changed by another writer.");
