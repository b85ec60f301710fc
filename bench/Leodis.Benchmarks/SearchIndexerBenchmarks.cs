using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Search;

namespace Leodis.Benchmarks;

/// <summary>SearchIndexer.Index: evaluating every search parameter's FHIRPath on a resource, which every write does.</summary>
[MemoryDiagnoser]
public class SearchIndexerBenchmarks
{
    private readonly SearchIndexer indexer = new(SearchParameterRegistry.Default);
    private Resource patient = new Patient();
    private Resource observation = new Observation();

    [GlobalSetup]
    public void Setup()
    {
        patient = FhirFormat.ParseJson(Samples.SyntheaPatient());
        observation = FhirFormat.ParseJson(Samples.SyntheaObservation());
        indexer.Index(patient); // the first call per type builds the parameter list
        indexer.Index(observation);
    }

    [Benchmark]
    public ResourceIndex SyntheaPatient() => indexer.Index(patient);

    [Benchmark]
    public ResourceIndex SyntheaObservation() => indexer.Index(observation);
}
