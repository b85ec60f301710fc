using System.Collections.Concurrent;
using Bunit;
using Hl7.Fhir.Model;
using Leodis.Fhir.Access;
using Leodis.Fhir.Rest;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage.Sqlite;
using Leodis.Server.Security;
using Leodis.Web.Record;
using Leodis.Web.Wards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leodis.Web.Tests.Wards;

/// <summary>
/// A real FHIR engine over a temporary SQLite store, seeded with a hospital (RR8), a ward with beds and the server's own
/// access policies, and a bUnit context whose pages read through <see cref="ClinicalRecord"/> as a signed-in nurse.
/// Each test makes its own store, so tests run in parallel.
/// </summary>
public sealed class WardFixture : IAsyncDisposable
{
    private const string BaseUrl = "http://localhost/fhir";
    private readonly SqliteResourceStore store;
    private readonly string file;

    private WardFixture(SqliteResourceStore store, string file)
    {
        this.store = store;
        this.file = file;
        Engine = new FhirEngine(store, TimeProvider.System, new SearchIndexer(SearchParameterRegistry.Default));
    }

    public FhirEngine Engine { get; }

    public RecordingClinicalHost Host { get; } = new();

    public Organization Trust { get; private set; } = null!;

    public Location Ward { get; private set; } = null!;

    public static async Task<WardFixture> CreateAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"leodis-web-{Guid.NewGuid():N}.db");
        var store = new SqliteResourceStore($"Data Source={file}");
        await store.InitializeAsync(CancellationToken.None);
        var fixture = new WardFixture(store, file);
        fixture.Trust = await fixture.SeedAsync(new Organization
        {
            Identifier = [new Identifier("https://fhir.nhs.uk/Id/ods-organization-code", "RR8")],
            Name = "LEEDS TEACHING HOSPITALS NHS TRUST",
        });
        var site = await fixture.SeedAsync(new Location { Name = "ST JAMES'S UNIVERSITY HOSPITAL", Status = Location.LocationStatus.Active });
        fixture.Ward = await fixture.SeedAsync(new Location
        {
            Name = "Aire Ward",
            Status = Location.LocationStatus.Active,
            Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HU", "Hospital unit")],
            PhysicalType = new CodeableConcept("http://terminology.hl7.org/CodeSystem/location-physical-type", "wa", "Ward"),
            PartOf = new ResourceReference($"Location/{site.Id}", site.Name),
            ManagingOrganization = new ResourceReference($"Organization/{fixture.Trust.Id}", fixture.Trust.Name),
        });
        return fixture;
    }

    /// <summary>Writes as the system (no gate), as the demo loader and HL7 feed do.</summary>
    public async Task<T> SeedAsync<T>(T resource)
        where T : Resource
    {
        var response = await Engine.ExecuteAsync(new FhirRequest("POST", resource.TypeName, [], resource), BaseUrl, CancellationToken.None);
        return (T)response.ResourceOrParsed()!;
    }

    public async Task<List<T>> SearchAsSystemAsync<T>(string query)
        where T : Resource
    {
        var type = ModelInfo.GetFhirTypeNameForType(typeof(T))!;
        var response = await Engine.ExecuteAsync(new FhirRequest("GET", type, FhirRequest.ParseQuery(query)), BaseUrl, CancellationToken.None);
        return ((Bundle)response.ResourceOrParsed()!).Entry.Select(e => e.Resource).OfType<T>().ToList();
    }

    /// <summary>A patient in <paramref name="bed"/> of the ward since <paramref name="admitted"/>, with their stay and ward care team.</summary>
    public async Task<(Patient Patient, Encounter Encounter)> AdmitAsync(string family, string given, string nhsNumber, int bed, DateTimeOffset admitted)
    {
        var bedLocation = await SeedAsync(new Location
        {
            Name = $"Aire Ward Bed {bed:D2}",
            Status = Location.LocationStatus.Active,
            PhysicalType = new CodeableConcept("http://terminology.hl7.org/CodeSystem/location-physical-type", "bd", "Bed"),
            PartOf = new ResourceReference($"Location/{Ward.Id}", Ward.Name),
        });
        var patient = await SeedAsync(new Patient
        {
            Identifier = [new Identifier(Leodis.Fhir.Identifiers.NhsNumber.System, nhsNumber)],
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = [given] }],
            BirthDate = "1950-04-01",
        });
        var period = new Period { Start = admitted.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) };
        var encounter = await SeedAsync(new Encounter
        {
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"),
            Subject = new ResourceReference($"Patient/{patient.Id}"),
            ServiceProvider = new ResourceReference($"Organization/{Trust.Id}", Trust.Name),
            Period = period,
            Location =
            [
                new Encounter.LocationComponent { Location = new ResourceReference($"Location/{Ward.Id}", Ward.Name), Status = Encounter.EncounterLocationStatus.Active },
                new Encounter.LocationComponent { Location = new ResourceReference($"Location/{bedLocation.Id}", bedLocation.Name), Status = Encounter.EncounterLocationStatus.Active },
            ],
        });
        await SeedAsync(new CareTeam
        {
            Status = CareTeam.CareTeamStatus.Active,
            Name = "Aire Ward care team",
            Subject = new ResourceReference($"Patient/{patient.Id}"),
            Encounter = new ResourceReference($"Encounter/{encounter.Id}"),
        });
        return (patient, encounter);
    }

    /// <summary>A bUnit context signed in as nurse.okafor at RR8, with the record, the ward change service and a clock.</summary>
    public BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddSingleton(Engine);
        context.Services.AddSingleton<IClinicalHost>(Host);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton<WardChanges>();
        context.Services.AddScoped<ClinicalRecord>();
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized("Grace Okafor");
        authorization.SetClaims(
            new System.Security.Claims.Claim("sub", "nurse.okafor"),
            new System.Security.Claims.Claim("name", "Grace Okafor"),
            new System.Security.Claims.Claim("role", Role.Nurse),
            new System.Security.Claims.Claim("org", "RR8"),
            new System.Security.Claims.Claim("position", "Nurse, LEEDS TEACHING HOSPITALS NHS TRUST (RR8)"),
            new System.Security.Claims.Claim("scope", ClinicalUiHost.Scopes));
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
