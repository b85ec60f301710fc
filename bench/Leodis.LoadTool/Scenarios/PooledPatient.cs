using Leodis.LoadTool.Fhir;

namespace Leodis.LoadTool.Scenarios;

/// <summary>A Patient the pool created or found: its id, what search templates ask of it, and the address to read it at.</summary>
public sealed record PooledPatient(string Id, PatientFacts Facts, Uri Address);
