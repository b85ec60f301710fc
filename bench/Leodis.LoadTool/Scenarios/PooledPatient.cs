namespace Leodis.LoadTool.Scenarios;

/// <summary>A Patient the pool created: its id, its NHS number and the address to read it at.</summary>
public sealed record PooledPatient(string Id, string NhsNumber, Uri Address);
