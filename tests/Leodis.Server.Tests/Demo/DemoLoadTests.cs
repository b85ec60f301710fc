using System.Net;
using Hl7.Fhir.Model;
using Leodis.Server.Demo;
using Leodis.Server.Tests.Fhir;
using Leodis.Testing;

namespace Leodis.Server.Tests.Demo;

/// <summary>The cohort loads into a real server: over HTTP with the generate command's sink, and as first-run demo data.</summary>
public abstract class DemoLoadTests(string provider) : IAsyncLifetime
{
    private readonly List<string> stores = [];

    [Fact]
    public async Task A_generated_cohort_loads_over_http_and_every_resource_reads_back()
    {
        await using var server = await DemoServer.StartAsync(provider, await NewStoreAsync(), demo: false);
        var cohort = GeneratedCohort.Generate(8, seed: 11);

        await using (var sink = new FhirServerSink(new Uri(server.BaseUrl), server.Client.DefaultRequestHeaders.Authorization?.Parameter, concurrency: 3))
        {
            foreach (var bundle in cohort)
            {
                await sink.WriteAsync(bundle, CancellationToken.None);
            }

            await sink.CompleteAsync(CancellationToken.None);
        }

        foreach (var resource in GeneratedCohort.Resources(cohort))
        {
            using var read = await server.Client.GetAsync($"{resource.TypeName}/{resource.Id}");
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{resource.TypeName}/{resource.Id}: {(int)read.StatusCode}");
        }
    }

    [Fact]
    public async Task Loading_the_same_cohort_twice_leaves_the_same_resources()
    {
        await using var server = await DemoServer.StartAsync(provider, await NewStoreAsync(), demo: false);
        var generator = new CohortGenerator(new CohortOptions(3, 5, GeneratedCohort.ReferenceDate));

        for (var run = 0; run < 2; run++)
        {
            await using var sink = new FhirServerSink(new Uri(server.BaseUrl), server.Client.DefaultRequestHeaders.Authorization?.Parameter, concurrency: 2);
            await CohortRun.RunAsync(generator, sink, null, CancellationToken.None);
        }

        var patients = await PatientIdsAsync(server);
        Assert.Equal(3, patients.Count);
        var patient = await (await server.Client.GetAsync($"Patient/{patients[0]}")).ReadResourceAsync<Patient>();
        Assert.Equal("2", patient.Meta.VersionId);
    }

    [Fact]
    public async Task An_empty_store_gets_the_demo_cohort_on_first_run()
    {
        await using var server = await DemoServer.StartAsync(provider, await NewStoreAsync(), demo: true, demoPatients: 10);

        await server.DemoLoad;

        Assert.Equal(10, (await PatientIdsAsync(server)).Count);
        var hospital = await (await server.Client.GetAsync("Organization/_history?_count=100")).ReadResourceAsync<Bundle>();
        Assert.Contains(hospital.Entry, e => ((Organization)e.Resource).Identifier[0].Value == "RR8");
    }

    [Fact]
    public async Task A_store_that_holds_patients_gets_no_demo_data()
    {
        var store = await NewStoreAsync();
        await using (var first = await DemoServer.StartAsync(provider, store, demo: false))
        {
            await first.Client.CreatePatientAsync();
        }

        await using var second = await DemoServer.StartAsync(provider, store, demo: true, demoPatients: 10);
        await second.DemoLoad;

        Assert.Single(await PatientIdsAsync(second));
        var organisations = await (await second.Client.GetAsync("Organization/_history?_count=1")).ReadResourceAsync<Bundle>();
        Assert.Empty(organisations.Entry);
    }

    [Fact]
    public async Task The_demo_setting_turns_the_first_run_load_off()
    {
        await using var server = await DemoServer.StartAsync(provider, await NewStoreAsync(), demo: false);

        await server.DemoLoad;

        Assert.Empty(await PatientIdsAsync(server));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await TestStore.DeleteAsync(store);
        }
    }

    private async Task<string> NewStoreAsync()
    {
        var store = await DemoServer.NewStoreAsync(provider);
        stores.Add(store);
        return store;
    }

    private static async Task<List<string>> PatientIdsAsync(DemoServer server)
    {
        var page = await (await server.Client.GetAsync("Patient/_history?_count=1000")).ReadResourceAsync<Bundle>();
        return page.Entry.Where(e => e.Resource is not null).Select(e => e.Resource.Id).OfType<string>().Distinct().ToList();
    }
}

public sealed class SqliteDemoLoadTests() : DemoLoadTests("sqlite");

public sealed class PostgresDemoLoadTests() : DemoLoadTests("postgres");
