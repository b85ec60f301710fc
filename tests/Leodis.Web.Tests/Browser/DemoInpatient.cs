using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Testing;
using Xunit;

namespace Leodis.Web.Tests.Browser;

/// <summary>A demo patient on a ward now, as the given user finds them over the FHIR API (so the user may see them).</summary>
public sealed record DemoInpatient(string Id, string NhsNumber, string Family)
{
    private const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

    public static async Task<DemoInpatient> FindAsync(ServerProcess server, string user)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.Root, "fhir/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ServerProcess.TokenAsync(user));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        var body = await client.GetStringAsync("Encounter?status=in-progress&class=IMP&_include=Encounter:subject&_count=50");
        var patient = ((Bundle)FhirFormat.ParseJson(body)).Entry.Select(e => e.Resource).OfType<Patient>()
            .FirstOrDefault(p => p.Identifier.Any(i => i.System == NhsNumberSystem) && p.Name.Any(n => n.Family is { Length: > 0 }));
        Assert.True(patient is not null, $"The demo cohort has no inpatient with an NHS number that {user} may see.");
        return new DemoInpatient(
            patient.Id,
            patient.Identifier.First(i => i.System == NhsNumberSystem).Value,
            patient.Name.First(n => n.Family is { Length: > 0 }).Family);
    }

    /// <summary>The NHS number as people read it: 3 3 4 digits.</summary>
    public string SpacedNhsNumber => $"{NhsNumber[..3]} {NhsNumber[3..6]} {NhsNumber[6..]}";
}
