namespace Leodis.Fhir.Access;

/// <summary>The five actions SMART v2 scopes name (c, r, u, d, s), which every interaction comes down to.</summary>
[Flags]
public enum AccessAction
{
    None = 0,
    Create = 1,
    Read = 2,
    Update = 4,
    Delete = 8,
    Search = 16,
}
