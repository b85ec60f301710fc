namespace Leodis.Web;

/// <summary>Settings of the clinician UI (section "ClinicalUi").</summary>
public sealed record ClinicalUiOptions
{
    public const string Section = "ClinicalUi";

    /// <summary>Signed out after this long with no navigation or action on a page (a shared ward computer).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before the idle sign-out the page warns and offers to stay signed in.</summary>
    public TimeSpan IdleWarning { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a sign-in lasts, whatever the activity (a shift).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(10);
}
