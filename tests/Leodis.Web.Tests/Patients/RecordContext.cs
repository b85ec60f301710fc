using Bunit;
using Hl7.Fhir.Model;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage.Sqlite;
using Leodis.Web.Record;
using Microsoft.Extensions.DependencyInjection;

namespace Leodis.Web.Tests.Patients;

/// <summary>
/// A bUnit context whose pages read through a real <see cref="ClinicalRecord"/> over a real FhirEngine on a temporary
/// SQLite store, signed in, with the recording host as the server boundary.
/// </summary>
public sealed class RecordContext : BunitContext
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"leodis-web-{Guid.NewGuid():N}.db");

    private RecordContext()
    {
        Store = new SqliteResourceStore($"Data Source={file}");
        Engine = new FhirEngine(Store, TimeProvider.System, new SearchIndexer(SearchParameterRegistry.Default));
        AddAuthorization().SetAuthorized("dr.test");
        Services.AddSingleton(Engine);
        Services.AddSingleton<IClinicalHost>(Host);
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<ClinicalRecord>();
    }

    public SqliteResourceStore Store { get; }

    public FhirEngine Engine { get; }

    public RecordingClinicalHost Host { get; } = new();

    public static async Task<RecordContext> CreateAsync()
    {
        var context = new RecordContext();
        await context.Store.InitializeAsync(CancellationToken.None);
        return context;
    }

    /// <summary>Stores the resources (with their ids) in one transaction, as the system, unaudited.</summary>
    public async Task PutAsync(params Resource[] resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        await Engine.ExecuteAsync(new FhirRequest("POST", string.Empty, [], bundle), "http://localhost/fhir", CancellationToken.None);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
