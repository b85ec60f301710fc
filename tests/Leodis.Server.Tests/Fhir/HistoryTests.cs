using System.Net;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Fhir;

/// <summary>Instance, type and system history with _count, _since and paging links (http.html#history).</summary>
public abstract class HistoryTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Instance_history_lists_every_version_newest_first()
    {
        var patient = await Client.CreatePatientAsync("V1");
        patient.Name[0].Family = "V2";
        await Client.PutAsync($"Patient/{patient.Id}", Json(patient));
        await Client.DeleteAsync($"Patient/{patient.Id}");

        var bundle = await (await Client.GetAsync($"Patient/{patient.Id}/_history")).ReadResourceAsync<Bundle>();

        Assert.Equal(Bundle.BundleType.History, bundle.Type);
        Assert.Equal(["W/\"3\"", "W/\"2\"", "W/\"1\""], bundle.Entry.Select(e => e.Response.Etag));
        Assert.Equal([Bundle.HTTPVerb.DELETE, Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.POST], bundle.Entry.Select(e => e.Request.Method!.Value));
        Assert.Equal("V2", ((Patient)bundle.Entry[1].Resource).Name[0].Family);
        Assert.All(bundle.Entry, e => Assert.Equal($"{server.BaseUrl}/Patient/{patient.Id}", e.FullUrl));
    }

    [Fact]
    public async Task Paging_follows_next_links_without_gaps_or_repeats_while_others_write()
    {
        var patient = await Client.CreatePatientAsync();
        for (var i = 0; i < 6; i++)
        {
            await Client.PutAsync($"Patient/{patient.Id}", Json(patient));
        }

        var versions = new List<string>();
        var url = $"Patient/{patient.Id}/_history?_count=3";
        var pages = 0;
        while (url is not null)
        {
            var page = await (await Client.GetAsync(url)).ReadResourceAsync<Bundle>();
            versions.AddRange(page.Entry.Select(e => e.Response.Etag));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
            Assert.NotNull(page.Link.FirstOrDefault(l => l.Relation == "self"));
            if (pages++ == 0)
            {
                // A write after the first page must not shift the later pages.
                await Client.PutAsync($"Patient/{patient.Id}", Json(patient));
            }
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(v => $"W/\"{v}\""), versions);
    }

    [Fact]
    public async Task Type_history_with_since_holds_only_later_changes_of_that_type()
    {
        var before = await Client.CreatePatientAsync();
        await Task.Delay(20);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var after = await Client.CreatePatientAsync();
        await Client.PostAsync("Basic", Json("""{"resourceType":"Basic","code":{"text":"other type"}}"""));

        var bundle = await (await Client.GetAsync($"Patient/_history?_since={Uri.EscapeDataString(since.ToString("o"))}&_count=1000")).ReadResourceAsync<Bundle>();

        var ids = bundle.Entry.Select(e => e.Resource?.Id).ToList();
        Assert.Contains(after.Id, ids);
        Assert.DoesNotContain(before.Id, ids);
        Assert.All(bundle.Entry, e => Assert.Equal("Patient", e.Resource.TypeName));
    }

    [Fact]
    public async Task System_history_holds_every_type()
    {
        var patient = await Client.CreatePatientAsync();
        var basic = await (await Client.PostAsync("Basic", Json("""{"resourceType":"Basic","code":{"text":"x"}}"""))).ReadResourceAsync<Basic>();

        var bundle = await (await Client.GetAsync("_history?_count=2")).ReadResourceAsync<Bundle>();

        Assert.Equal([basic.Id, patient.Id], bundle.Entry.Select(e => e.Resource.Id));
        Assert.NotNull(bundle.Link.FirstOrDefault(l => l.Relation == "next"));
    }
}

public sealed class SqliteHistoryTests(SqliteServerFixture server) : HistoryTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresHistoryTests(PostgresServerFixture server) : HistoryTests(server), IClassFixture<PostgresServerFixture>;
