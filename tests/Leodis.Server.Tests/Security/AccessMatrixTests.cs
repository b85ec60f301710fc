using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;

namespace Leodis.Server.Tests.Security;

/// <summary>
/// The authorization matrix: every seeded user (role x own or other organisation) against a patient of each kind of
/// relationship, for read, search, a sensitive read, create, update, delete and history. The expected decisions are
/// the table below, written by hand from the access rules in docs/security.md, not taken from a run of the server.
/// </summary>
public abstract class AccessMatrixTests(AccessFixture fixture)
{
    /// <summary>
    /// Patient kinds: N none, E current encounter at the hospital (RR8), O hospital encounter ended in 2023, T hospital
    /// care team, R referral to a community (RY6) service, G registered with the user's GP practice, B break-glass
    /// (every role that may break the glass has), X restricted record with a current hospital encounter.
    /// </summary>
    private static readonly Dictionary<string, Expectation> Table = new()
    {
        //                                     sees        reads Patient  reads Obs  writes Obs  writes Patient  sensitive
        ["dr.patel"] = new("E T B", ReadsPatient: true, ReadsObservation: true, WritesObservation: true, WritesPatient: true, SeesSensitive: true),
        ["nurse.okafor"] = new("E T B", ReadsPatient: true, ReadsObservation: true, WritesObservation: true, WritesPatient: false, SeesSensitive: false),
        ["clerk.smith"] = new("E T", ReadsPatient: true, ReadsObservation: false, WritesObservation: false, WritesPatient: true, SeesSensitive: false),
        ["coordinator.ali"] = new("E T B", ReadsPatient: true, ReadsObservation: true, WritesObservation: false, WritesPatient: false, SeesSensitive: false),
        ["analyst.jones"] = new("N E O T R G B", ReadsPatient: true, ReadsObservation: true, WritesObservation: false, WritesPatient: false, SeesSensitive: false),
        ["privacy.walsh"] = new(string.Empty, ReadsPatient: false, ReadsObservation: false, WritesObservation: false, WritesPatient: false, SeesSensitive: false),
        ["pas.integration"] = new("N E O T R G B X", ReadsPatient: true, ReadsObservation: true, WritesObservation: true, WritesPatient: true, SeesSensitive: true),
        ["dr.brown"] = new("G B", ReadsPatient: true, ReadsObservation: true, WritesObservation: false, WritesPatient: false, SeesSensitive: true),
        ["coordinator.hughes"] = new("R B", ReadsPatient: true, ReadsObservation: true, WritesObservation: false, WritesPatient: false, SeesSensitive: false),
    };

    private static readonly string[] Actions = ["read", "search", "read-sensitive", "create", "update", "delete", "history"];

    public static TheoryData<string, char, string> Cases()
    {
        var cases = new TheoryData<string, char, string>();
        foreach (var user in Table.Keys)
        {
            foreach (var kind in AccessFixture.Kinds)
            {
                foreach (var action in Actions)
                {
                    cases.Add(user, kind, action);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Decision_matches_the_table(string user, char kind, string action)
    {
        var expected = Table[user];
        var sees = expected.Sees.Contains(kind, StringComparison.Ordinal);
        var patient = fixture.Patients[kind];
        using var client = fixture.Server.ClientFor(DemoUser.Find(user)!);
        switch (action)
        {
            case "read":
                await ExpectAsync(client.GetAsync($"Patient/{patient}"), !expected.ReadsPatient ? HttpStatusCode.Forbidden : sees ? HttpStatusCode.OK : HttpStatusCode.NotFound);
                break;
            case "history":
                await ExpectAsync(client.GetAsync($"Patient/{patient}/_history"), !expected.ReadsPatient ? HttpStatusCode.Forbidden : sees ? HttpStatusCode.OK : HttpStatusCode.NotFound);
                break;
            case "search":
                using (var response = await client.GetAsync($"Observation?subject=Patient/{patient}&code=http://loinc.org|{AccessFixture.VitalCode}"))
                {
                    if (!expected.ReadsObservation)
                    {
                        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                        break;
                    }

                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var bundle = (Bundle)FhirFormat.ParseJson(await response.Content.ReadAsStringAsync());
                    Assert.Equal((sees ? 1 : 0) + (sees && expected.SeesSensitive ? 1 : 0), bundle.Entry.Count);
                    Assert.Equal(bundle.Entry.Count, bundle.Total);
                }

                break;
            case "read-sensitive":
                await ExpectAsync(
                    client.GetAsync($"Observation/{fixture.Sensitive[kind]}"),
                    !expected.ReadsObservation ? HttpStatusCode.Forbidden : sees && expected.SeesSensitive ? HttpStatusCode.OK : HttpStatusCode.NotFound);
                break;
            case "create":
                await ExpectAsync(
                    client.PostAsync("Observation", FhirClientExtensions.Json(AccessFixture.Vital(patient, sensitive: false, code: "9279-1"))),
                    expected.WritesObservation && sees ? HttpStatusCode.Created : HttpStatusCode.Forbidden);
                break;
            case "update":
                var current = FhirFormat.ParseJson(await (await fixture.Server.Client.GetAsync($"Patient/{patient}")).Content.ReadAsStringAsync());
                await ExpectAsync(
                    client.PutAsync($"Patient/{patient}", FhirClientExtensions.Json(current)),
                    expected.WritesPatient && sees ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
                break;
            case "delete":
                var doomed = await AccessFixture.CreateAsync(fixture.Server.Client, AccessFixture.Vital(patient, sensitive: false, code: "9279-1"));
                await ExpectAsync(client.DeleteAsync($"Observation/{doomed}"), expected.WritesObservation && sees ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden);
                break;
        }
    }

    [Theory]
    [InlineData("clerk.smith")]
    [InlineData("analyst.jones")]
    [InlineData("privacy.walsh")]
    [InlineData("pas.integration")]
    public async Task Roles_that_may_not_break_the_glass_are_refused(string user)
    {
        using var client = fixture.Server.ClientFor(DemoUser.Find(user)!);
        var reason = new Parameters();
        reason.Add("reason", new FhirString("Curious about this patient's record"));
        await ExpectAsync(client.PostAsync($"Patient/{fixture.Patients['N']}/$break-glass", FhirClientExtensions.Json(reason)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Breaking_the_glass_needs_a_reason()
    {
        using var client = fixture.Server.ClientFor(DemoUser.Find("dr.patel")!);
        await ExpectAsync(client.PostAsync($"Patient/{fixture.Patients['N']}/$break-glass", FhirClientExtensions.Json(new Parameters())), HttpStatusCode.BadRequest);
        await ExpectAsync(client.GetAsync($"Patient/{fixture.Patients['N']}"), HttpStatusCode.NotFound);
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if ((int)response.StatusCode >= 400)
        {
            Assert.IsType<OperationOutcome>(FhirFormat.ParseJson(body));
        }
    }

    public sealed record Expectation(string Sees, bool ReadsPatient, bool ReadsObservation, bool WritesObservation, bool WritesPatient, bool SeesSensitive);
}

public sealed class SqliteAccessMatrixTests(SqliteAccessFixture fixture) : AccessMatrixTests(fixture), IClassFixture<SqliteAccessFixture>;

public sealed class PostgresAccessMatrixTests(PostgresAccessFixture fixture) : AccessMatrixTests(fixture), IClassFixture<PostgresAccessFixture>;
