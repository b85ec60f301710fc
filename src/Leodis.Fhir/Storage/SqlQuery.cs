namespace Leodis.Fhir.Storage;

/// <summary>Portable SQL with named parameters (@name), built by the search engine and run by a store session.</summary>
public sealed record SqlQuery(string Text, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

/// <summary>A resource a query found, with the rid that index tables and stored result pages refer to.</summary>
public sealed record FoundResource(long Rid, StoredResource Resource);
