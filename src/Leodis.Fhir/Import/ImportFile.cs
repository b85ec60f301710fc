namespace Leodis.Fhir.Import;

/// <summary>
/// One NDJSON file of an import job. <paramref name="Path"/> is where the server reads it; <paramref name="Name"/> is what
/// reports show (relative to the import root); <paramref name="Type"/>, when set, is the only resource type it may hold.
/// </summary>
public sealed record ImportFile(string Path, string Name, string? Type, long Length, string InputUrl);
