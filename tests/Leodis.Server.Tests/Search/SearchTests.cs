using System.Net;
using Hl7.Fhir.Model;
using Leodis.Server.Tests.Fhir;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;

namespace Leodis.Server.Tests.Search;

/// <summary>Search over HTTP with data each test writes (unique markers keep tests apart), on both stores.</summary>
public abstract class SearchTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Nhs_number_finds_exactly_that_patient()
    {
        var nhs = UniqueNhsLikeNumber();
        var patient = await CreateAsync(new Patient { Identifier = [new Identifier("https://fhir.nhs.uk/Id/nhs-number", nhs)], Active = true });
        await CreateAsync(new Patient { Identifier = [new Identifier("https://example.org/mrn", nhs)], Active = true });

        var bundle = await SearchAsync($"Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}");
        var anySystem = await SearchAsync($"Patient?identifier={nhs}");

        Assert.Equal([patient.Id], Ids(bundle));
        Assert.Equal(1, bundle.Total);
        Assert.Equal(2, anySystem.Total);
    }

    [Fact]
    public async Task String_search_is_prefix_case_and_accent_insensitive_with_exact_and_contains()
    {
        var family = "Ünïque" + Marker();
        var patient = await CreateAsync(new Patient { Name = [new HumanName { Family = family, Given = ["Zoë"] }] });
        var plain = TextPlain(family);

        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?family={plain[..8]}")));
        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?family:exact={Uri.EscapeDataString(family)}")));
        Assert.Empty(Ids(await SearchAsync($"Patient?family:exact={plain}")));
        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?family:contains={plain[3..10]}&given=zoe")));
    }

    [Fact]
    public async Task A_text_longer_than_an_index_entry_is_stored_whole_and_found_by_its_start_exactly_and_as_token_text()
    {
        // 3,000 characters that do not compress: more than PostgreSQL's B-tree entry limit (2,704 bytes).
        var random = new Random(7);
        var words = string.Join(' ', Enumerable.Range(0, 300).Select(_ => new string(Enumerable.Range(0, 9).Select(_ => (char)('a' + random.Next(26))).ToArray())));
        var text = Marker() + " " + words;
        var patient = await CreateAsync(new Patient
        {
            Address = [new Address { Text = text }],
            Communication = [new Patient.CommunicationComponent { Language = new CodeableConcept { Text = text } }],
        });

        var stored = await Client.GetAsync($"Patient/{patient.Id}");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Contains(text, await stored.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?address={Uri.EscapeDataString(text[..40])}")));
        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?address={Uri.EscapeDataString(text[..500])}")));
        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?address:exact={Uri.EscapeDataString(text)}")));
        Assert.Empty(Ids(await SearchAsync($"Patient?address:exact={Uri.EscapeDataString(text[..2000])}")));
        Assert.Equal([patient.Id], Ids(await SearchAsync($"Patient?language:text={Uri.EscapeDataString(text[..40])}")));
    }

    [Fact]
    public async Task Date_prefixes_compare_ranges_by_precision()
    {
        var marker = Marker();
        var born = await CreateAsync(new Patient { BirthDate = "1980-05-17", Identifier = [new Identifier("urn:test", marker)] });
        string Query(string date) => $"Patient?identifier=urn:test|{marker}&birthdate={date}";

        Assert.Single(Ids(await SearchAsync(Query("1980"))));
        Assert.Single(Ids(await SearchAsync(Query("1980-05"))));
        Assert.Empty(Ids(await SearchAsync(Query("1980-05-18"))));
        Assert.Single(Ids(await SearchAsync(Query("gt1980-05-16"))));
        Assert.Empty(Ids(await SearchAsync(Query("gt1980-05-17"))));
        Assert.Single(Ids(await SearchAsync(Query("ge1980-05-17"))));
        Assert.Single(Ids(await SearchAsync(Query("lt1981"))));
        Assert.Single(Ids(await SearchAsync(Query("ne1979"))));
        Assert.Single(Ids(await SearchAsync(Query("sa1979-12-31"))));
        Assert.Single(Ids(await SearchAsync(Query("eb1980-06"))));
        Assert.Equal(born.Id, Ids(await SearchAsync(Query("le1980-05-17")))[0]);
    }

    [Fact]
    public async Task Token_missing_not_and_text_modifiers()
    {
        var marker = Marker();
        var male = await CreateAsync(new Patient { Gender = AdministrativeGender.Male, Identifier = [new Identifier("urn:test", marker)] });
        var unknown = await CreateAsync(new Patient { Identifier = [new Identifier("urn:test", marker)], Communication = [new Patient.CommunicationComponent { Language = new CodeableConcept { Text = "Welsh" } }] });

        Assert.Equal([unknown.Id], Ids(await SearchAsync($"Patient?identifier=urn:test|{marker}&gender:missing=true")));
        Assert.Equal([male.Id], Ids(await SearchAsync($"Patient?identifier=urn:test|{marker}&gender:missing=false")));
        Assert.Equal([unknown.Id], Ids(await SearchAsync($"Patient?identifier=urn:test|{marker}&gender:not=male")));
        Assert.Equal([unknown.Id], Ids(await SearchAsync($"Patient?identifier=urn:test|{marker}&language:text=wel")));
    }

    [Fact]
    public async Task Quantity_and_composite_values_match_in_the_same_element()
    {
        var patient = await CreateAsync(new Patient { Active = true });
        var high = await CreateAsync(Vital(patient, "8867-4", 120));
        await CreateAsync(Vital(patient, "8867-4", 60));
        var subject = $"subject=Patient/{patient.Id}";

        Assert.Equal([high.Id], Ids(await SearchAsync($"Observation?{subject}&value-quantity=gt100")));
        Assert.Equal([high.Id], Ids(await SearchAsync($"Observation?{subject}&value-quantity=120||/min")));
        Assert.Equal([high.Id], Ids(await SearchAsync($"Observation?{subject}&value-quantity=120|http://unitsofmeasure.org|/min")));
        Assert.Equal([high.Id], Ids(await SearchAsync($"Observation?{subject}&code-value-quantity=http://loinc.org|8867-4$gt100")));
        Assert.Empty(Ids(await SearchAsync($"Observation?{subject}&code-value-quantity=http://loinc.org|9279-1$gt100")));
    }

    [Fact]
    public async Task Chains_has_and_includes_follow_references()
    {
        var family = "Chain" + Marker();
        var patient = await CreateAsync(new Patient { Name = [new HumanName { Family = family }] });
        var observation = await CreateAsync(Vital(patient, "8867-4", 80));

        var chained = await SearchAsync($"Observation?subject:Patient.family={family}");
        var has = await SearchAsync($"Patient?_has:Observation:subject:code=8867-4&family={family}");
        var included = await SearchAsync($"Observation?_id={observation.Id}&_include=Observation:subject");
        var revincluded = await SearchAsync($"Patient?_id={patient.Id}&_revinclude=Observation:subject");

        Assert.Equal([observation.Id], Ids(chained));
        Assert.Equal([patient.Id], Ids(has));
        Assert.Equal(Bundle.SearchEntryMode.Include, included.Entry.Single(e => e.Resource.Id == patient.Id).Search.Mode);
        Assert.Equal(Bundle.SearchEntryMode.Include, revincluded.Entry.Single(e => e.Resource.Id == observation.Id).Search.Mode);
    }

    [Fact]
    public async Task Paging_keeps_the_result_set_as_it_stood_while_others_write()
    {
        var marker = Marker();
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync(new Patient { Identifier = [new Identifier("urn:test", marker)], BirthDate = $"19{50 + i}-01-01" });
        }

        var first = await SearchAsync($"Patient?identifier=urn:test|{marker}&_count=3&_sort=-birthdate");
        await CreateAsync(new Patient { Identifier = [new Identifier("urn:test", marker)], BirthDate = "2000-01-01" });
        var seen = Ids(first).ToList();
        var next = first.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        while (next is not null)
        {
            var page = await (await Client.GetAsync(next)).ReadResourceAsync<Bundle>();
            seen.AddRange(Ids(page));
            next = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        Assert.Equal(7, first.Total);
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(7, seen.Count);
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored_unless_handling_is_strict()
    {
        var lenient = await Client.GetAsync("Patient?favourite-colour=blue&_count=1");
        var strict = await Client.SendAsync(HttpMethod.Get, "Patient?favourite-colour=blue", null, ("Prefer", "handling=strict"));

        Assert.Equal(HttpStatusCode.OK, lenient.StatusCode);
        var bundle = await lenient.ReadResourceAsync<Bundle>();
        Assert.DoesNotContain("favourite-colour", bundle.Link.Single(l => l.Relation == "self").Url);
        Assert.Contains("favourite-colour", (await ErrorTests.OutcomeAsync(strict, HttpStatusCode.BadRequest)).Issue[0].Expression);
    }

    [Fact]
    public async Task Post_search_takes_form_parameters_and_summary_count_gives_the_total()
    {
        var marker = Marker();
        await CreateAsync(new Patient { Identifier = [new Identifier("urn:test", marker)] });

        var response = await Client.PostAsync("Patient/_search", new FormUrlEncodedContent([new("identifier", $"urn:test|{marker}"), new("_summary", "count")]));

        var bundle = await response.ReadResourceAsync<Bundle>();
        Assert.Equal(1, bundle.Total);
        Assert.Empty(bundle.Entry);
    }

    [Fact]
    public async Task Compartment_search_and_everything_hold_the_patients_own_resources()
    {
        var patient = await CreateAsync(new Patient { Active = true });
        var other = await CreateAsync(new Patient { Active = true });
        var observation = await CreateAsync(Vital(patient, "8867-4", 70));
        await CreateAsync(Vital(other, "8867-4", 71));
        var encounter = await CreateAsync(new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference($"Patient/{patient.Id}"),
        });

        var observations = await SearchAsync($"Patient/{patient.Id}/Observation?code=8867-4");
        var all = await SearchAsync($"Patient/{patient.Id}/*");
        var everything = await SearchAsync($"Patient/{patient.Id}/$everything");

        Assert.Equal([observation.Id], Ids(observations));
        Assert.Equal(new[] { observation.Id, encounter.Id }.Order(), Ids(all).Order());
        Assert.Equal(new[] { patient.Id, observation.Id, encounter.Id }.Order(), Ids(everything).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"Patient/{Guid.NewGuid()}/Observation")).StatusCode);
    }

    [Fact]
    public async Task A_custom_search_parameter_works_for_new_writes_and_after_reindex_for_old_ones()
    {
        var code = "nickname-" + Marker();
        var before = await CreateAsync(new Patient { Name = [new HumanName { Use = HumanName.NameUse.Nickname, Given = [code + "-old"] }] });
        var parameter = new SearchParameter
        {
            Url = $"https://leodis.example/SearchParameter/{code}",
            Name = "Nickname",
            Status = PublicationStatus.Active,
            Description = "A patient's nickname",
            Code = code,
            Base = [ResourceType.Patient],
            Type = SearchParamType.String,
            Expression = "Patient.name.where(use = 'nickname').given",
        };
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync("SearchParameter", Json(parameter))).StatusCode);
        var after = await CreateAsync(new Patient { Name = [new HumanName { Use = HumanName.NameUse.Nickname, Given = [code + "-new"] }] });

        Assert.Equal([after.Id], Ids(await SearchAsync($"Patient?{code}={code}")));
        Parameters progress;
        var from = "0";
        do
        {
            progress = await (await Client.PostAsync($"Patient/$reindex?from={from}&count=50", null)).ReadResourceAsync<Parameters>();
            from = progress.GetSingleValue<Integer64>("from").Value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (progress.GetSingleValue<FhirBoolean>("complete").Value != true);

        Assert.Equal(new[] { before.Id, after.Id }.Order(), Ids(await SearchAsync($"Patient?{code}={code}")).Order());
        Assert.Contains((await (await Client.GetAsync("metadata")).ReadResourceAsync<CapabilityStatement>()).Rest[0].Resource.Single(r => r.Type == "Patient").SearchParam, p => p.Name == code);
    }

    private static Observation Vital(Patient patient, string code, decimal value) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", code),
        Subject = new ResourceReference($"Patient/{patient.Id}"),
        Value = new Quantity { Value = value, Unit = "/min", System = "http://unitsofmeasure.org", Code = "/min" },
    };

    private async Task<T> CreateAsync<T>(T resource)
        where T : Resource
    {
        var response = await Client.PostAsync(resource.TypeName, Json(resource));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadResourceAsync<T>();
    }

    private async Task<Bundle> SearchAsync(string query)
    {
        var response = await Client.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadResourceAsync<Bundle>();
    }

    private static List<string> Ids(Bundle bundle) =>
        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource.Id!).ToList();

    private static string Marker() => Guid.NewGuid().ToString("N")[..12];

    private static string UniqueNhsLikeNumber() => "999" + Random.Shared.NextInt64(1_000_000, 9_999_999);

    private static string TextPlain(string text) => Leodis.Fhir.Search.TextNormalizer.Normalize(text);
}

public sealed class SqliteSearchTests(SqliteServerFixture server) : SearchTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresSearchTests(PostgresServerFixture server) : SearchTests(server), IClassFixture<PostgresServerFixture>;
