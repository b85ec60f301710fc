using Leodis.Fhir.Access;

namespace Leodis.Server.Security;

/// <summary>
/// SMART on FHIR resource scopes, v2 (<c>patient/Observation.rs</c>, <c>user/*.cruds</c>, <c>system/*.rs</c>) and their v1
/// equivalents (<c>patient/*.read</c>, <c>user/Observation.write</c>, <c>*</c>): which actions on which types a token grants,
/// and whether only within its launch patient. Scopes with search parameters (v2 "?category=") grant nothing here:
/// a narrower grant than this server can enforce is refused, never widened.
/// </summary>
public sealed class SmartScopes
{
    private readonly List<(string Context, string Type, AccessAction Actions)> grants = [];

    private SmartScopes()
    {
    }

    /// <summary>True when some scope is patient-level; the token then sees only its launch patient.</summary>
    public bool PatientLevelOnly => grants.Count > 0 && grants.All(g => g.Context == "patient");

    public static SmartScopes Parse(string? scopes)
    {
        var result = new SmartScopes();
        foreach (var scope in (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(scope, out var context, out var type, out var actions))
            {
                result.grants.Add((context, type, actions));
            }
        }

        return result;
    }

    /// <summary>One resource scope (<c>patient/Observation.rs</c>, <c>user/*.read</c>) as context, type and actions; false for anything else.</summary>
    public static bool TryParse(string scope, out string context, out string type, out AccessAction actions)
    {
        context = type = string.Empty;
        actions = AccessAction.None;
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        var dot = scope.LastIndexOf('.');
        if (slash <= 0 || dot <= slash || scope.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        context = scope[..slash];
        type = scope[(slash + 1)..dot];
        actions = Actions(scope[(dot + 1)..]);
        return context is "patient" or "user" or "system" && actions != AccessAction.None;
    }

    /// <summary>The v2 permission letters for a set of actions, in "cruds" order.</summary>
    public static string V2Permissions(AccessAction actions)
    {
        const string order = "cruds";
        return string.Concat(order.Where((_, at) => (actions & (AccessAction)(1 << at)) != 0));
    }

    public bool Allows(string resourceType, AccessAction action) =>
        grants.Any(g => (g.Type == "*" || g.Type == resourceType) && (g.Actions & action) == action);

    private static AccessAction Actions(string permissions) => permissions switch
    {
        "read" => AccessAction.Read | AccessAction.Search,
        "write" => AccessAction.Create | AccessAction.Update | AccessAction.Delete,
        "*" => AccessAction.Create | AccessAction.Read | AccessAction.Update | AccessAction.Delete | AccessAction.Search,
        _ => V2(permissions),
    };

    /// <summary>v2 permissions are a subset of "cruds" in that order, each letter at most once.</summary>
    private static AccessAction V2(string permissions)
    {
        const string order = "cruds";
        var result = AccessAction.None;
        var last = -1;
        foreach (var letter in permissions)
        {
            var at = order.IndexOf(letter, StringComparison.Ordinal);
            if (at <= last)
            {
                return AccessAction.None;
            }

            last = at;
            result |= (AccessAction)(1 << at);
        }

        return result;
    }
}
