namespace Leodis.Server.Security.Smart;

/// <summary>An OAuth 2.0 error answer (RFC 6749 section 5.2): JSON with <c>error</c> and <c>error_description</c>, never cached.</summary>
public sealed class OAuthException(string error, string description, int status = StatusCodes.Status400BadRequest) : Exception(description)
{
    public string Error { get; } = error;

    public int Status { get; } = status;

    public static OAuthException InvalidRequest(string description) => new("invalid_request", description);

    public static OAuthException InvalidGrant(string description) => new("invalid_grant", description);

    public static OAuthException InvalidClient(string description) => new("invalid_client", description, StatusCodes.Status401Unauthorized);

    public static OAuthException InvalidScope(string description) => new("invalid_scope", description);

    public IResult ToResult(HttpContext context)
    {
        NoStore(context);
        return TypedResults.Json(new Dictionary<string, string> { ["error"] = Error, ["error_description"] = Message }, statusCode: Status);
    }

    public static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
