using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Testing;
using Xunit;

namespace Leodis.Web.Tests.Browser;

/// <summary>
/// What the privacy officer sees: the AuditEvents of one user the clinician UI recorded, read through
/// <c>GET /audit/events?user=</c> with privacy.walsh's token, and the assertion that a page view was audited.
/// </summary>
public sealed class AuditTrailQuery(ServerProcess server)
{
    /// <summary>The observer the server names on every AuditEvent a UI page causes.</summary>
    public const string ClinicalUiSource = "Leodis clinician UI";

    private const string UserSystem = "https://leodis.example/Id/user";

    private string? token;

    /// <summary>The user's AuditEvents recorded by the clinician UI (newest first), optionally only those naming a patient.</summary>
    public async Task<List<AuditEvent>> UiEventsAsync(string user, string? patientId = null)
    {
        token ??= await ServerProcess.TokenAsync("privacy.walsh");
        using var client = new HttpClient { BaseAddress = server.Root };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        var query = $"audit/events?user={Uri.EscapeDataString(user)}&_count=1000" + (patientId is null ? string.Empty : $"&patient={Uri.EscapeDataString(patientId)}");
        using var response = await client.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{query} answered {(int)response.StatusCode}: {body}");
        var bundle = (Bundle)FhirFormat.ParseJson(body);
        return bundle.Entry.Select(e => e.Resource).OfType<AuditEvent>().Where(e => e.Source?.Observer?.Display == ClinicalUiSource).ToList();
    }

    /// <summary>
    /// Asserts that what <paramref name="user"/> looked at in the UI since <paramref name="since"/> was audited as the
    /// security issue defines: a RESTful event with its interaction and outcome, the user as the requesting agent with
    /// a purpose of use, the UI as the source, and, given <paramref name="patientId"/>, that patient as an entity.
    /// Returns the matching events for further checks.
    /// </summary>
    public async Task<List<AuditEvent>> AssertViewedAsync(string user, DateTimeOffset since, string? patientId = null)
    {
        var events = (await UiEventsAsync(user, patientId)).Where(e => e.Recorded >= since).ToList();
        Assert.True(events.Count > 0, $"No clinician UI AuditEvent for {user}{(patientId is null ? string.Empty : $" and Patient/{patientId}")} since {since:O}.");
        foreach (var audit in events)
        {
            Assert.Equal("rest", audit.Type.Code);
            Assert.NotEmpty(audit.Subtype);
            Assert.NotNull(audit.Action);
            Assert.NotNull(audit.Outcome);
            Assert.NotEmpty(audit.PurposeOfEvent);
            var requestor = Assert.Single(audit.Agent, a => a.Requestor == true);
            Assert.Equal(UserSystem, requestor.Who.Identifier.System);
            Assert.Equal(user, requestor.Who.Identifier.Value);
            Assert.NotEmpty(requestor.PurposeOfUse);
            if (patientId is not null)
            {
                Assert.Contains(audit.Entity, e => e.What?.Reference == $"Patient/{patientId}");
            }
        }

        return events;
    }
}
