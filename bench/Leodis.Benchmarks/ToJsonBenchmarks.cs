using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Leodis.Fhir;

namespace Leodis.Benchmarks;

/// <summary>FhirFormat.ToJson, which every write runs to store the resource as it will be served.</summary>
[MemoryDiagnoser]
public class ToJsonBenchmarks
{
    private Resource patient = new Patient();
    private Resource observation = new Observation();

    [GlobalSetup]
    public void Setup()
    {
        patient = FhirFormat.ParseJson(Samples.SyntheaPatient());
        observation = FhirFormat.ParseJson(Samples.SyntheaObservation());
    }

    [Benchmark]
    public string SyntheaPatient() => FhirFormat.ToJson(patient);

    [Benchmark]
    public string SyntheaObservation() => FhirFormat.ToJson(observation);
}
