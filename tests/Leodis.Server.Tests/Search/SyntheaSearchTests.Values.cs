using System.Globalization;
using Leodis.Server.Tests.Search.Oracle;

namespace Leodis.Server.Tests.Search;

/// <summary>Ordered values: dates with every prefix and precision, quantities with units, and composites.</summary>
public abstract partial class SyntheaSearchTests
{
    private static readonly string[] ExactPrefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb"];

    [Theory]
    [InlineData("Patient?birthdate=1988")]
    [InlineData("Patient?birthdate=ge1960&birthdate=lt1990")]
    [InlineData("Patient?birthdate=1944-08-23,1962")]
    [InlineData("Patient?death-date=2008")]
    [InlineData("Encounter?date=ge2015-01-01&date=le2016-12-31")]
    [InlineData("Observation?date=sa2018-01-01&code=8302-2")]
    [InlineData("Condition?onset-date=lt2000")]
    [InlineData("CarePlan?date=ge2021")]
    [InlineData("Immunization?date=2013-12,2016")]
    [InlineData("DiagnosticReport?issued=ge2016-12-14T13:55:57.983+00:00")]
    public Task Date_parameters_compare_ranges_and_combine_with_and_and_or(string query) => AssertSameMatchesAsync(query);

    /// <summary>
    /// Two values from the data (a third and two thirds of the way through the type's values), each written at year,
    /// month, day, minute, second and millisecond precision and with a +01:00 zone, under each exact prefix.
    /// </summary>
    [Theory]
    [InlineData("Observation", "date")]
    [InlineData("Encounter", "date")]
    [InlineData("Patient", "birthdate")]
    [InlineData("DiagnosticReport", "issued")]
    [InlineData("Condition", "onset-date")]
    [InlineData("CarePlan", "date")]
    [InlineData("Observation", "_lastUpdated")]
    public async Task Every_date_prefix_at_every_precision_compares_ranges(string type, string code)
    {
        var lows = DateLows(type, code);
        var failures = new List<string>();
        foreach (var anchor in new[] { lows[lows.Count / 3], lows[2 * lows.Count / 3] })
        {
            foreach (var value in Precisions(anchor))
            {
                foreach (var prefix in ExactPrefixes)
                {
                    failures.AddRange(await DiscrepancyAsync($"{type}?{code}={prefix}{value}") is { } failure ? [failure] : []);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {2 * 7 * ExactPrefixes.Length} queries differ:\n{string.Join("\n", failures)}");
    }

    /// <summary>ap has no exact meaning (search.html#prefix suggests 10% of the gap to now), so it is checked loosely:
    /// everything eq finds is found, and nothing outside twice that allowance.</summary>
    [Theory]
    [InlineData("Observation", "date")]
    [InlineData("Patient", "birthdate")]
    [InlineData("Encounter", "date")]
    public async Task Approximate_dates_find_the_equal_ones_and_nothing_far_off(string type, string code)
    {
        var anchor = DateLows(type, code)[DateLows(type, code).Count / 2];
        var day = anchor.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var slack = TimeSpan.FromTicks(Math.Abs((DateTimeOffset.UtcNow - anchor).Ticks) / 5) + TimeSpan.FromDays(2);
        var parameter = SearchOracle.Parameter(type, code)!;
        var near = Oracle.OfType(type)
            .Where(r => Oracle.Values(r, parameter).Select(ValueMatch.Date).Any(d => d?.Overlaps(anchor - slack, anchor + slack) == true))
            .Select(SearchOracle.Key)
            .ToHashSet();

        var answer = await ServerSearch.AllPagesAsync(Client, $"{type}?{code}=ap{day}");

        Assert.Null(answer.Error);
        Assert.Superset(Oracle.MatchKeys($"{type}?{code}=eq{day}"), answer.Matches.ToHashSet());
        Assert.Subset(near, answer.Matches.ToHashSet());
    }

    [Theory]
    [InlineData("Observation?value-quantity=gt180&code=8302-2")]
    [InlineData("Observation?value-quantity=lt20|http://unitsofmeasure.org|kg/m2")]
    [InlineData("Observation?value-quantity=ge100||mg/dL")]
    [InlineData("Observation?value-quantity=le5.5")]
    [InlineData("Observation?value-quantity=ne2&code=72514-3")]
    [InlineData("Observation?value-quantity=74.5|http://unitsofmeasure.org|kg")]
    [InlineData("Observation?value-quantity=162.34717315330087")]
    [InlineData("Observation?value-quantity=ap100|http://unitsofmeasure.org|mg/dL")]
    [InlineData("Observation?value-quantity=sa180|http://unitsofmeasure.org|cm")]
    [InlineData("Observation?value-quantity=eb163|http://unitsofmeasure.org|cm")]
    [InlineData("Observation?value-quantity=gt60&value-quantity=lt70&code=29463-7")]
    public Task Quantity_parameters_compare_numbers_and_units(string query) => AssertSameMatchesAsync(query);

    [Theory]
    [InlineData("Observation?code-value-quantity=http://loinc.org|8302-2$gt180")]
    [InlineData("Observation?code-value-quantity=8302-2$lt100,29463-7$gt100")]
    [InlineData("Observation?component-code-value-quantity=http://loinc.org|8480-6$gt130")]
    [InlineData("Observation?combo-code-value-quantity=http://loinc.org|8462-4$lt80")]
    [InlineData("Observation?code-value-concept=http://loinc.org|72166-2$http://snomed.info/sct|8517006")]
    [InlineData("Observation?combo-code=8480-6")]
    [InlineData("Observation?component-value-quantity=gt135")]
    public Task Composite_parameters_match_both_parts_in_the_same_element(string query) => AssertSameMatchesAsync(query);

    private List<DateTimeOffset> DateLows(string type, string code)
    {
        var parameter = SearchOracle.Parameter(type, code)!;
        return Oracle.OfType(type)
            .SelectMany(r => Oracle.Values(r, parameter))
            .Select(ValueMatch.Date)
            .OfType<ExpectedDateRange>()
            .Select(d => d.Low)
            .Where(low => low != DateTimeOffset.MinValue)
            .Order()
            .ToList();
    }

    private static IEnumerable<string> Precisions(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        string Utc(string format) => utc.ToString(format, CultureInfo.InvariantCulture);
        return
        [
            Utc("yyyy"),
            Utc("yyyy-MM"),
            Utc("yyyy-MM-dd"),
            Utc("yyyy-MM-ddTHH:mm'Z'"),
            Utc("yyyy-MM-ddTHH:mm:ss'Z'"),
            Utc("yyyy-MM-ddTHH:mm:ss.fff'Z'"),
            utc.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        ];
    }
}
