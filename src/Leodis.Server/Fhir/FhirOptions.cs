namespace Leodis.Server.Fhir;

/// <summary>Settings of the FHIR API.</summary>
public sealed record FhirOptions
{
    public const string Section = "Fhir";

    /// <summary>Largest request body accepted; larger ones get 413. Synthea patient bundles run to a few MB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The public base URL when behind a proxy; by default it is taken from each request.</summary>
    public string? BaseUrl { get; init; }
}
