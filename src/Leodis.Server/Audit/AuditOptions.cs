namespace Leodis.Server.Audit;

/// <summary>Audit trail settings (section "Audit").</summary>
public sealed record AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// A benchmark switch only: false records nothing, so the load tool can measure what the audit trail costs.
    /// A server that holds patient data runs with it on.
    /// </summary>
    public bool Enabled { get; init; } = true;
}
