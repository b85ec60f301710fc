using BenchmarkDotNet.Attributes;
using Leodis.Fhir.Access;
using Leodis.Fhir.Search;
using Leodis.Fhir.Search.Sql;
using Leodis.Fhir.Storage;

namespace Leodis.Benchmarks;

/// <summary>From a search's query string to its SQL: SearchRequestParser then SqlSearchBuilder, for a typical Patient search.</summary>
[MemoryDiagnoser]
public class SearchSqlBenchmarks
{
    private static readonly KeyValuePair<string, string>[] Query =
    [
        new("family", "Smith"),
        new("birthdate", "ge1950-01-01"),
        new("identifier", "https://fhir.nhs.uk/Id/nhs-number|9990000018"),
        new("_count", "20"),
    ];

    private readonly SearchParameterRegistry registry = SearchParameterRegistry.Default;

    [Benchmark]
    public SqlQuery PatientFamilyBirthdateIdentifier()
    {
        var request = new SearchRequestParser(registry).Parse("Patient", Query, strict: false);
        return new SqlSearchBuilder(registry, "http://127.0.0.1/fhir", AccessFilter.None).Page(request, request.Count + 1, 0);
    }
}
