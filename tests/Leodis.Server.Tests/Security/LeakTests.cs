using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;

namespace Leodis.Server.Tests.Security;

/// <summary>
/// Resources a caller may not see never show through any search feature: includes, chains, _has, counts and totals,
/// paging, history, compartments, $everything, batch and transaction entries, conditional writes. The nurse sees the
/// patients of kinds E, T and B (see <see cref="AccessFixture"/>) but no sensitive resources; everything of N, O, R, G
/// and X, and every sensitive Observation, is hidden from her.
/// </summary>
public abstract class LeakTests(AccessFixture fixture)
{
    private const string Visible = "ETB";
    private const string Hidden = "NORGX";

    private HttpClient Nurse() => fixture.Server.ClientFor(DemoUser.Find("nurse.okafor")!);

    [Theory]
    [InlineData("Observation?code=http://loinc.org|8867-4&_include=Observation:subject")]
    [InlineData("Observation?code=http://loinc.org|8867-4&_include=*")]
    [InlineData("Patient?name=Access&_revinclude=Observation:subject")]
    [InlineData("Patient?name=Access&_revinclude:iterate=Observation:subject&_revinclude=Encounter:subject")]
    [InlineData("Observation?subject:Patient.name=Access")]
    [InlineData("Patient?_has:Observation:subject:code=8867-4")]
    [InlineData("Patient/_history")]
    [InlineData("_history")]
    [InlineData("Observation/_history")]
    [InlineData("?_type=Patient,Observation&_count=1000")]
    public async Task Searches_show_nothing_hidden(string query)
    {
        using var nurse = Nurse();
        var text = await TextAsync(nurse, query);
        AssertNothingHidden(text);
        foreach (var kind in Visible)
        {
            Assert.Contains(fixture.Patients[kind], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Has_cannot_probe_a_hidden_sensitive_resource()
    {
        var query = $"Patient?_id={fixture.Patients['E']}&_has:Observation:subject:_security=http://terminology.hl7.org/CodeSystem/v3-ActCode|PSY";
        using var nurse = Nurse();
        Assert.Empty(((Bundle)FhirFormat.ParseJson(await TextAsync(nurse, query))).Entry);
        using var clinician = fixture.Server.ClientFor(DemoUser.Find("dr.patel")!);
        Assert.Single(((Bundle)FhirFormat.ParseJson(await TextAsync(clinician, query))).Entry);
    }

    [Fact]
    public async Task Chains_cannot_probe_a_hidden_patient()
    {
        using var nurse = Nurse();
        foreach (var kind in Hidden)
        {
            var bundle = (Bundle)FhirFormat.ParseJson(await TextAsync(nurse, $"Observation?subject:Patient.name=Access{kind}"));
            Assert.Empty(bundle.Entry);
        }

        var visible = (Bundle)FhirFormat.ParseJson(await TextAsync(nurse, "Observation?subject:Patient.name=AccessE"));
        Assert.Single(visible.Entry);
    }

    [Theory]
    [InlineData("Patient?name=Access&_total=accurate", 3)]
    [InlineData("Patient?name=Access&_summary=count", 3)]
    [InlineData("Observation?code=http://loinc.org|8867-4&_summary=count", 3)]
    public async Task Totals_and_counts_count_only_what_the_caller_sees(string query, int expected)
    {
        using var nurse = Nurse();
        var bundle = (Bundle)FhirFormat.ParseJson(await TextAsync(nurse, query));
        Assert.Equal(expected, bundle.Total);
    }

    [Fact]
    public async Task Paging_shows_only_visible_entries_and_a_page_set_is_the_searchers_alone()
    {
        using var nurse = Nurse();
        var seen = new List<string>();
        string? next = "Patient?name=Access&_count=1";
        string? second = null;
        while (next is not null)
        {
            var page = (Bundle)FhirFormat.ParseJson(await TextAsync(nurse, next));
            seen.AddRange(page.Entry.Select(e => e.Resource.Id));
            next = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
            second ??= next;
        }

        Assert.Equal(Visible.Select(k => fixture.Patients[k]).Order(), seen.Order());
        Assert.NotNull(second);
        using var analyst = fixture.Server.ClientFor(DemoUser.Find("analyst.jones")!);
        using var stolen = await analyst.GetAsync(second);
        Assert.Equal(HttpStatusCode.Gone, stolen.StatusCode);
    }

    [Fact]
    public async Task Compartments_and_everything_of_a_hidden_patient_are_not_found()
    {
        using var nurse = Nurse();
        foreach (var kind in Hidden)
        {
            using var compartment = await nurse.GetAsync($"Patient/{fixture.Patients[kind]}/Observation");
            Assert.Equal(HttpStatusCode.NotFound, compartment.StatusCode);
            using var everything = await nurse.GetAsync($"Patient/{fixture.Patients[kind]}/$everything");
            Assert.Equal(HttpStatusCode.NotFound, everything.StatusCode);
        }

        var own = await TextAsync(nurse, $"Patient/{fixture.Patients['E']}/$everything");
        Assert.Contains(fixture.Patients['E'], own, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Sensitive['E'], own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_entries_are_gated_one_by_one()
    {
        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        foreach (var kind in AccessFixture.Kinds)
        {
            batch.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Patient/{fixture.Patients[kind]}" } });
        }

        using var nurse = Nurse();
        using var response = await nurse.PostAsync(string.Empty, FhirClientExtensions.Json(batch));
        var result = (Bundle)FhirFormat.ParseJson(await response.Content.ReadAsStringAsync());
        for (var i = 0; i < AccessFixture.Kinds.Length; i++)
        {
            var kind = AccessFixture.Kinds[i];
            var visible = Visible.Contains(kind, StringComparison.Ordinal);
            Assert.StartsWith(visible ? "200" : "404", result.Entry[i].Response.Status, StringComparison.Ordinal);
            Assert.Equal(visible, result.Entry[i].Resource is Patient);
        }
    }

    [Fact]
    public async Task A_transaction_that_writes_to_a_hidden_patient_writes_nothing()
    {
        var marker = Guid.NewGuid().ToString("N");
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var kind in "EN")
        {
            var observation = AccessFixture.Vital(fixture.Patients[kind], sensitive: false, code: "9279-1");
            observation.Identifier = [new Identifier("urn:leak-test", marker)];
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                Resource = observation,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
            });
        }

        using var nurse = Nurse();
        using var response = await nurse.PostAsync(string.Empty, FhirClientExtensions.Json(transaction));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var written = (Bundle)FhirFormat.ParseJson(await TextAsync(fixture.Server.Client, $"Observation?identifier=urn:leak-test|{marker}"));
        Assert.Empty(written.Entry);
    }

    [Fact]
    public async Task A_conditional_create_never_hands_back_a_hidden_match()
    {
        var observation = AccessFixture.Vital(fixture.Patients['E'], sensitive: false, code: "9279-1");
        using var nurse = Nurse();
        using var request = new HttpRequestMessage(HttpMethod.Post, "Observation") { Content = FhirClientExtensions.Json(observation) };
        request.Headers.Add("If-None-Exist", $"_id={fixture.Sensitive['N']}");
        using var response = await nurse.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingHidden(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reads_and_versions_of_hidden_resources_look_missing()
    {
        using var nurse = Nurse();
        foreach (var kind in Hidden)
        {
            foreach (var path in new[] { $"Patient/{fixture.Patients[kind]}", $"Patient/{fixture.Patients[kind]}/_history/1", $"Patient/{fixture.Patients[kind]}/_history" })
            {
                using var response = await nurse.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        using var sensitive = await nurse.GetAsync($"Observation/{fixture.Sensitive['E']}/_history/1");
        Assert.Equal(HttpStatusCode.NotFound, sensitive.StatusCode);
    }

    private void AssertNothingHidden(string text)
    {
        foreach (var kind in Hidden)
        {
            Assert.DoesNotContain(fixture.Patients[kind], text, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Sensitive[kind], text, StringComparison.Ordinal);
        }

        foreach (var kind in Visible)
        {
            Assert.DoesNotContain(fixture.Sensitive[kind], text, StringComparison.Ordinal);
        }
    }

    private static async Task<string> TextAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {text}");
        return text;
    }
}

public sealed class SqliteLeakTests(SqliteAccessFixture fixture) : LeakTests(fixture), IClassFixture<SqliteAccessFixture>;

public sealed class PostgresLeakTests(PostgresAccessFixture fixture) : LeakTests(fixture), IClassFixture<PostgresAccessFixture>;
