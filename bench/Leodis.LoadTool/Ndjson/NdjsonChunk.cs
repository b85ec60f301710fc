namespace Leodis.LoadTool.Ndjson;

/// <summary>Consecutive resources of one NDJSON file: the unit one request loads.</summary>
public sealed record NdjsonChunk(string File, IReadOnlyList<NdjsonResource> Resources);
