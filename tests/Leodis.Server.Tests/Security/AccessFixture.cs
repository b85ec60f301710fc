using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Security;
using Leodis.Server.Tests.Fhir;

namespace Leodis.Server.Tests.Security;

/// <summary>
/// A server with one patient per kind of relationship (none, a current encounter at the hospital, an encounter that
/// ended long ago, a hospital care team, a referral to a community service, GP registration, break-glass, and a
/// restricted record with a current encounter), each with an ordinary and a sensitive Observation.
/// </summary>
public abstract class AccessFixture : IAsyncLifetime
{
    public const string VitalCode = "8867-4";
    public const string Kinds = "NEOTRGBX";

    private readonly ServerFixture server;

    protected AccessFixture(ServerFixture server) => this.server = server;

    public ServerFixture Server => server;

    /// <summary>Patient id per kind letter.</summary>
    public Dictionary<char, string> Patients { get; } = [];

    /// <summary>The sensitive Observation's id per kind letter.</summary>
    public Dictionary<char, string> Sensitive { get; } = [];

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        var system = server.Client;
        var trust = await CreateAsync(system, Organization("RR8"));
        var community = await CreateAsync(system, Organization("RY6"));
        var practice = await CreateAsync(system, Organization(DemoUser.Find("dr.brown")!.Organization));
        var service = await CreateAsync(system, new HealthcareService { Name = "Intermediate care", ProvidedBy = new ResourceReference($"Organization/{community}") });
        foreach (var kind in Kinds)
        {
            var patient = new Patient { Name = [new HumanName { Family = $"Access{kind}" }] };
            if (kind == 'G')
            {
                patient.GeneralPractitioner = [new ResourceReference($"Organization/{practice}")];
            }

            if (kind == 'X')
            {
                patient.Meta = new Meta { Security = [new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R")] };
            }

            var id = await CreateAsync(system, patient);
            Patients[kind] = id;
            var subject = new ResourceReference($"Patient/{id}");
            switch (kind)
            {
                case 'E' or 'X':
                    await CreateAsync(system, new Encounter
                    {
                        Status = Encounter.EncounterStatus.InProgress,
                        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
                        Subject = subject,
                        ServiceProvider = new ResourceReference($"Organization/{trust}"),
                    });
                    break;
                case 'O':
                    await CreateAsync(system, new Encounter
                    {
                        Status = Encounter.EncounterStatus.Finished,
                        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
                        Subject = subject,
                        ServiceProvider = new ResourceReference($"Organization/{trust}"),
                        Period = new Period { Start = "2023-03-01", End = "2023-03-02" },
                    });
                    break;
                case 'T':
                    await CreateAsync(system, new CareTeam
                    {
                        Status = CareTeam.CareTeamStatus.Active,
                        Subject = subject,
                        Participant = [new CareTeam.ParticipantComponent { Member = new ResourceReference($"Organization/{trust}") }],
                    });
                    break;
                case 'R':
                    await CreateAsync(system, new ServiceRequest
                    {
                        Status = RequestStatus.Active,
                        Intent = RequestIntent.Order,
                        Subject = subject,
                        Performer = [new ResourceReference($"HealthcareService/{service}")],
                    });
                    break;
            }

            await CreateAsync(system, Vital(id, sensitive: false));
            Sensitive[kind] = await CreateAsync(system, Vital(id, sensitive: true));
        }

        foreach (var user in DemoUser.All.Where(u => Role.Find(u.Role)!.MayBreakGlass))
        {
            using var client = server.ClientFor(user);
            var reason = new Parameters();
            reason.Add("reason", new FhirString("Unconscious in ED, no other clinician available"));
            using var response = await client.PostAsync($"Patient/{Patients['B']}/$break-glass", FhirClientExtensions.Json(reason));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    public Task DisposeAsync() => server.DisposeAsync();

    public static Observation Vital(string patient, bool sensitive, string code = VitalCode) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", code),
        Subject = new ResourceReference($"Patient/{patient}"),
        Value = new Quantity(72, "/min", "http://unitsofmeasure.org"),
        Meta = sensitive ? new Meta { Security = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY")] } : null,
    };

    public static async Task<string> CreateAsync(HttpClient client, Resource resource)
    {
        using var response = await client.PostAsync(resource.TypeName, FhirClientExtensions.Json(resource));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return FhirFormat.ParseJson(await response.Content.ReadAsStringAsync()).Id!;
    }


    private static Organization Organization(string ods) => new()
    {
        Name = ods,
        Identifier = [new Identifier("https://fhir.nhs.uk/Id/ods-organization-code", ods)],
    };
}

public sealed class SqliteAccessFixture() : AccessFixture(new SqliteServerFixture());

public sealed class PostgresAccessFixture() : AccessFixture(new PostgresServerFixture());
