namespace Leodis.Server.Audit;

/// <summary>The audit trail's services: the group-committing writer and the recorder endpoints call.</summary>
public static class AuditRegistration
{
    public static void AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditRecorder>();
    }
}
