namespace Leodis.LoadTool.Ndjson;

/// <summary>One line of an NDJSON file: the resource's JSON as it was, and its id when it has one.</summary>
public sealed record NdjsonResource(string ResourceType, string? Id, string Json);
