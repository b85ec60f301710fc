using Leodis.Fhir.Search;

namespace Leodis.Fhir.Storage;

/// <summary>One version for <see cref="IStoreSession.WriteManyAsync"/>: the version, the one it replaces (0 for none) and its index rows.</summary>
public sealed record VersionWrite(StoredResource Resource, long PreviousVersion, ResourceIndex? Index);
