using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// The built-in provider's sign-in page: plain HTML that works with a keyboard and a screen reader, every value
/// HTML-encoded, never framed, never cached. Demo users only: the password is the one demo password from configuration.
/// </summary>
public static class SignInPage
{
    public static IResult Render(HttpContext context, AuthorizeRequest request, Func<string, string?> parameter, string? patientLabel, string? problem)
    {
        var html = new StringBuilder();
        Open(html, "Sign in to Leodis");
        html.Append("<p>").Append(Encode(request.Client.Name ?? request.Client.ClientId)).Append(" asks to use the record with these permissions:</p><ul>");
        foreach (var scope in request.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<li><code>").Append(Encode(scope)).Append("</code></li>");
        }

        html.Append("</ul>");
        if (patientLabel is not null)
        {
            html.Append("<p>Patient: <strong>").Append(Encode(patientLabel)).Append("</strong></p>");
        }

        if (problem is not null)
        {
            html.Append("<p role=\"alert\" id=\"problem\"><strong>").Append(Encode(problem)).Append("</strong></p>");
        }

        html.Append("<form method=\"post\" action=\"").Append(Encode(SmartUrls.AuthorizePath)).Append("\">");
        foreach (var name in AuthorizeRequest.Parameters)
        {
            if (parameter(name) is { } value)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value)).Append("\">");
            }
        }

        html.Append("<p><strong>Demo users only.</strong> These are the seeded test users; they share one demo password.</p>");
        html.Append("<p><label for=\"user\">User</label><br><select id=\"user\" name=\"user\" required>");
        foreach (var user in DemoUser.All)
        {
            html.Append("<option value=\"").Append(Encode(user.UserName)).Append("\">")
                .Append(Encode($"{user.Name} ({user.Role}, {user.OrganizationName})")).Append("</option>");
        }

        html.Append("</select></p>");
        html.Append("<p><label for=\"password\">Demo password</label><br><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>");
        if (request.NeedsPatient)
        {
            html.Append("<p><label for=\"patient\">Patient id</label><br><input id=\"patient\" name=\"patient\" required aria-describedby=\"patient-hint\">")
                .Append("<br><span id=\"patient-hint\">The app sees only this patient's record.</span></p>");
        }

        html.Append("<p><button type=\"submit\" name=\"decision\" value=\"allow\">Sign in and allow</button> ")
            .Append("<button type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>Deny</button></p></form>");
        return Close(context, html, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>A refusal that cannot go back to the app (unknown app or redirect URI).</summary>
    public static IResult Refusal(HttpContext context, AuthorizeRefusedException refusal)
    {
        var html = new StringBuilder();
        Open(html, "Sign-in refused");
        html.Append("<p role=\"alert\">").Append(Encode(refusal.Error)).Append(": ").Append(Encode(refusal.Message)).Append("</p>");
        return Close(context, html, StatusCodes.Status400BadRequest);
    }

    private static void Open(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title></head><body><main><h1>").Append(Encode(title)).Append("</h1>");

    private static ContentHttpResult Close(HttpContext context, StringBuilder html, int status)
    {
        html.Append("</main></body></html>");
        OAuthException.NoStore(context);
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        context.Response.Headers.XFrameOptions = "DENY";
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
