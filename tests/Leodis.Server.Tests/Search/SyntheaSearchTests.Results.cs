using Hl7.Fhir.Model;
using Leodis.Server.Tests.Search.Oracle;

namespace Leodis.Server.Tests.Search;

/// <summary>Result parameters: _sort order, paging through next links, and the sweep over every parameter of every type.</summary>
public abstract partial class SyntheaSearchTests
{
    private static readonly string[] Types =
    [
        "Patient", "Organization", "Practitioner", "Encounter", "Condition", "Observation", "Procedure", "Immunization",
        "DiagnosticReport", "MedicationRequest", "CarePlan", "Goal", "AllergyIntolerance", "ImagingStudy", "Claim", "ExplanationOfBenefit",
    ];

    public static TheoryData<string> LoadedTypes() => new(Types);

    /// <summary>Ties may come in any order the server likes, so the sequence of sort keys is compared, not of ids.</summary>
    [Theory]
    [InlineData("Observation?code=http://loinc.org|8302-2&_sort=-date")]
    [InlineData("Observation?code=http://loinc.org|29463-7&_sort=date")]
    [InlineData("Observation?category=vital-signs&subject={Patient:0}&_sort=code,-date")]
    [InlineData("Observation?code=http://loinc.org|8302-2&_sort=value-quantity")]
    [InlineData("Patient?_sort=family")]
    [InlineData("Patient?_sort=-family")]
    [InlineData("Patient?_sort=gender,-birthdate")]
    [InlineData("Immunization?_sort=-date,vaccine-code")]
    [InlineData("Condition?_sort=-onset-date,_id")]
    [InlineData("Encounter?subject={Patient:1}&_sort=-date")]
    [InlineData("Observation?subject={Patient:0}&_sort=-_lastUpdated")]
    [InlineData("Observation?category=laboratory&_sort=-date&_count=17")]
    public async Task Sort_orders_by_each_key_in_its_direction(string template)
    {
        var query = fixture.Query(template);
        var sort = SearchOracle.Pairs(query).Single(p => p.Key == "_sort").Value;
        var expected = Oracle.ExpectedOrder(Oracle.Matches(query), sort).Select(SearchOracle.Describe).ToList();

        var answer = await ServerSearch.AllPagesAsync(Client, query);

        Assert.Null(answer.Error);
        Assert.Null(Difference(query, Oracle.MatchKeys(query), answer.Matches));
        var actual = answer.Matches.Select(key => SearchOracle.Describe(Oracle.SortKeys(Oracle.Resolve(key)!, sort))).ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("Observation?_count=50")]
    [InlineData("Observation?category=vital-signs&_count=7")]
    [InlineData("Procedure?_count=3")]
    [InlineData("Claim?patient={Patient:7}&_count=4")]
    [InlineData("Encounter?_count=1&class=EMER")]
    public async Task Paging_through_next_links_returns_every_match_once_and_the_right_total(string template)
    {
        var query = fixture.Query(template);
        var expected = Oracle.MatchKeys(query);
        var size = int.Parse(SearchOracle.Pairs(query).Single(p => p.Key == "_count").Value, System.Globalization.CultureInfo.InvariantCulture);

        var answer = await ServerSearch.AllPagesAsync(Client, query);

        Assert.Null(answer.Error);
        Assert.Null(Difference(query, expected, answer.Matches));
        Assert.Equal(expected.Count, answer.Total);
        Assert.Equal((expected.Count + size - 1) / size, answer.Pages);
    }

    [Theory]
    [InlineData("Observation?category=vital-signs&_summary=count")]
    [InlineData("Patient?gender=male&_summary=count")]
    [InlineData("Encounter?class=AMB&_total=accurate&_count=5")]
    public async Task The_total_is_the_number_of_matches(string query)
    {
        var answer = await ServerSearch.AllPagesAsync(Client, query);

        Assert.Null(answer.Error);
        Assert.Equal(Oracle.MatchKeys(query).Count, answer.Total);
    }

    /// <summary>Number is the one kind missing: no R4 number parameter of these types has a value in Synthea's data.</summary>
    [Fact]
    public void The_sweep_reaches_every_kind_of_parameter_but_number()
    {
        var kinds = Types.SelectMany(type => SearchOracle.Parameters(type)
            .Where(p => Oracle.OfType(type).Any(r => Oracle.Values(r, p).Any(v => Oracle.HasValue(p, v))))
            .Select(p => p.Type)).ToHashSet();

        SearchParamType[] expected = [SearchParamType.String, SearchParamType.Token, SearchParamType.Reference, SearchParamType.Date,
            SearchParamType.Quantity, SearchParamType.Uri, SearchParamType.Composite];
        Assert.Superset(expected.ToHashSet(), kinds);
    }

    /// <summary>
    /// Every search parameter R4 defines for the type (and the Resource-level ones), with queries made from values the
    /// data holds: :missing both ways, the plain value, and the modifiers and prefixes of its kind (see <see cref="ParameterSamples"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(LoadedTypes))]
    public async Task Every_parameter_of_the_type_finds_what_its_expression_selects(string type)
    {
        var queries = ParameterSamples.Queries(Oracle, type).ToList();
        var failures = new List<string>();
        foreach (var query in queries)
        {
            failures.AddRange(await DiscrepancyAsync(query) is { } failure ? [failure] : []);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {queries.Count} queries differ:\n{string.Join("\n", failures)}");
    }
}
