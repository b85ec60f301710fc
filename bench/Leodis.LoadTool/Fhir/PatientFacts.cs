namespace Leodis.LoadTool.Fhir;

/// <summary>What a search template can ask of a Patient: its NHS number, family name and date of birth.</summary>
public sealed record PatientFacts(string NhsNumber, string Family, DateOnly BirthDate);
