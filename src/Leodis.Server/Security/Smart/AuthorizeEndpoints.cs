using Microsoft.Extensions.Options;

namespace Leodis.Server.Security.Smart;

/// <summary>
/// The built-in provider's user-facing SMART endpoints: <c>/connect/authorize</c> (sign-in form, then a short-lived
/// single-use code bound to client, redirect URI, PKCE challenge, scopes, user and patient) and <c>/connect/launch</c>
/// (the EHR, for a signed-in user, makes a launch id that carries the patient in context).
/// </summary>
public static class AuthorizeEndpoints
{
    /// <summary>How long an EHR launch id may wait for the app to come back with it.</summary>
    private static readonly TimeSpan LaunchLifetime = TimeSpan.FromMinutes(5);

    public static void MapAuthorize(this IEndpointRouteBuilder app)
    {
        app.MapGet(SmartUrls.AuthorizePath, Show).AllowAnonymous();
        app.MapPost(SmartUrls.AuthorizePath, SignInAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(SmartUrls.LaunchPath, Launch).RequireAuthorization(SecurityRegistration.SignedIn);
    }

    private static IResult Show(HttpContext context, SmartClients clients, SmartUrls urls, OneTimeStore<EhrLaunch> launches)
    {
        string? Parameter(string name) => context.Request.Query[name] is [{ } value] ? value : null;
        try
        {
            var request = AuthorizeRequest.Read(Parameter, clients, urls.FhirBase(context));
            // Before sign-in the page says only that the EHR chose a patient, not who.
            if (request.Launch is not null && !launches.TryPeek(request.Launch, out _))
            {
                throw new AuthorizeRefusedException("invalid_request", "The launch id is unknown or has expired.", request.RedirectUri, request.State);
            }

            return SignInPage.Render(context, request, Parameter, request.Launch is null ? null : "the patient open in the EHR", problem: null);
        }
        catch (AuthorizeRefusedException refusal)
        {
            return Refuse(context, refusal);
        }
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, SmartClients clients, SmartUrls urls, OneTimeStore<EhrLaunch> launches, OneTimeStore<AuthorizationGrant> codes,
        IOptions<SecurityOptions> options)
    {
        if (!context.Request.HasFormContentType)
        {
            return Refuse(context, new AuthorizeRefusedException("invalid_request", "Send the sign-in form as application/x-www-form-urlencoded."));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? Parameter(string name) => form[name] is [{ } value] ? value : null;
        try
        {
            var request = AuthorizeRequest.Read(Parameter, clients, urls.FhirBase(context));
            if (Parameter("decision") != "allow")
            {
                throw new AuthorizeRefusedException("access_denied", "The user did not allow the app.", request.RedirectUri, request.State);
            }

            var user = DemoUser.Find(Parameter("user") ?? string.Empty);
            if (user is null || !DemoUser.PasswordMatches(options.Value.DemoPassword, Parameter("password")))
            {
                return SignInPage.Render(context, request, Parameter, null, "The user or the demo password is wrong.");
            }

            var patient = request.NeedsPatient ? Parameter("patient")?.Trim() : null;
            if (request.NeedsPatient && (patient is null || !IsFhirId(patient)))
            {
                return SignInPage.Render(context, request, Parameter, null, "Enter the id of the patient the app is for.");
            }

            if (request.Launch is not null)
            {
                // The launch id is spent here, and only by the user whose EHR session made it.
                if (!launches.TryTake(request.Launch, out var launch))
                {
                    throw new AuthorizeRefusedException("invalid_request", "The launch id is unknown, used or has expired.", request.RedirectUri, request.State);
                }

                patient = string.Equals(launch.UserName, user.UserName, StringComparison.Ordinal)
                    ? launch.Patient
                    : throw new AuthorizeRefusedException("access_denied", "The launch belongs to another user's session.", request.RedirectUri, request.State);
            }

            var code = codes.Add(
                new AuthorizationGrant(request.Client.ClientId, request.RedirectUri, request.CodeChallenge, request.Scope, user.UserName, patient),
                options.Value.AuthorizationCodeLifetime);
            OAuthException.NoStore(context);
            return TypedResults.Redirect(AuthorizeRequest.RedirectWith(request.RedirectUri, [new("code", code), new("state", request.State)]));
        }
        catch (AuthorizeRefusedException refusal)
        {
            return Refuse(context, refusal);
        }
    }

    private static async Task<IResult> Launch(HttpContext context, OneTimeStore<EhrLaunch> launches)
    {
        string? patient = null;
        if (context.Request.HasFormContentType)
        {
            patient = (await context.Request.ReadFormAsync(context.RequestAborted))["patient"].FirstOrDefault();
        }
        else if (context.Request.HasJsonContentType())
        {
            try
            {
                patient = (await context.Request.ReadFromJsonAsync<LaunchRequest>(context.RequestAborted))?.Patient;
            }
            catch (System.Text.Json.JsonException)
            {
                patient = null;
            }
        }

        patient = patient?.Trim();
        if (patient is null || !IsFhirId(patient))
        {
            return OAuthException.InvalidRequest("Send the patient's id, as JSON {\"patient\": \"ID\"} or a form field.").ToResult(context);
        }

        var userName = context.User.FindFirst("sub")?.Value ?? string.Empty;
        var launch = launches.Add(new EhrLaunch(userName, patient), LaunchLifetime);
        OAuthException.NoStore(context);
        return TypedResults.Json(new Dictionary<string, object> { ["launch"] = launch, ["expires_in"] = (int)LaunchLifetime.TotalSeconds });
    }

    private static IResult Refuse(HttpContext context, AuthorizeRefusedException refusal)
    {
        if (refusal.RedirectUri is null)
        {
            return SignInPage.Refusal(context, refusal);
        }

        OAuthException.NoStore(context);
        return TypedResults.Redirect(AuthorizeRequest.RedirectWith(
            refusal.RedirectUri, [new("error", refusal.Error), new("error_description", refusal.Message), new("state", refusal.State)]));
    }

    /// <summary>A FHIR logical id: 1-64 of A-Z, a-z, 0-9, '-' and '.'.</summary>
    private static bool IsFhirId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}

/// <summary>What an authorization code stands for, held server-side until the app redeems it once.</summary>
public sealed record AuthorizationGrant(string ClientId, string RedirectUri, string CodeChallenge, string Scope, string UserName, string? Patient);

/// <summary>An EHR launch: the user whose session made it and the patient in context.</summary>
public sealed record EhrLaunch(string UserName, string Patient);

/// <summary>The body of <c>POST /connect/launch</c>.</summary>
public sealed record LaunchRequest(string? Patient);
