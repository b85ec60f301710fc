namespace Leodis.Web.Record;

/// <summary>One role a user holds at one organisation (an NHS smartcard "position"): they pick one at sign-in.</summary>
public sealed record StaffPosition(string Role, string RoleName, string Organization, string OrganizationName)
{
    /// <summary>The value a sign-in form posts for this position.</summary>
    public string Key => $"{Role}@{Organization}";

    public override string ToString() => $"{RoleName}, {OrganizationName} ({Organization})";
}
