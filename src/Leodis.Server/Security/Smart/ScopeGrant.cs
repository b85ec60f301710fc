using Leodis.Fhir.Access;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// What a client is granted: the requested scopes narrowed to what the client is registered for. A resource scope is
/// cut down to the actions some registered scope of the same context allows for its type (<c>patient/*.cruds</c>
/// against a registration of <c>patient/*.rs</c> gives <c>patient/*.rs</c>); anything not covered is dropped, never widened.
/// </summary>
public static class ScopeGrant
{
    /// <summary>Context scopes the built-in provider honours besides resource scopes.</summary>
    public static readonly string[] ContextScopes = ["launch", "launch/patient"];

    /// <summary>
    /// The granted scopes, space-separated, in the order requested. <paramref name="contexts"/> limits resource scopes
    /// to the contexts the grant type allows: patient and user for a signed-in user, system for a backend service.
    /// </summary>
    public static string Grant(string? requested, string allowed, IReadOnlyCollection<string> contexts)
    {
        var registered = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var granted = new List<string>();
        foreach (var scope in (requested ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            if (ContextScopes.Contains(scope, StringComparer.Ordinal))
            {
                if (contexts.Contains("patient") && registered.Contains(scope, StringComparer.Ordinal))
                {
                    granted.Add(scope);
                }

                continue;
            }

            if (!SmartScopes.TryParse(scope, out var context, out var type, out var actions) || !contexts.Contains(context))
            {
                continue;
            }

            var allowedActions = AccessAction.None;
            foreach (var candidate in registered)
            {
                if (SmartScopes.TryParse(candidate, out var c, out var t, out var a) && c == context && (t == "*" || t == type))
                {
                    allowedActions |= a;
                }
            }

            var kept = actions & allowedActions;
            if (kept == actions)
            {
                granted.Add(scope);
            }
            else if (kept != AccessAction.None)
            {
                granted.Add($"{context}/{type}.{SmartScopes.V2Permissions(kept)}");
            }
        }

        return string.Join(' ', granted);
    }

    public static bool Has(string scopes, string scope) =>
        scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal);
}
