namespace Leodis.LoadTool.Fhir;

/// <summary>A server's answer as the load tool needs it: status (0 when none came), why none came, and Location when asked for.</summary>
public readonly record struct FhirReply(int Status, string? Failure, string? Location);
