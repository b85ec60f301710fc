using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Leodis.Fhir;

namespace Leodis.Benchmarks;

/// <summary>FhirFormat.ParseJson, the strict parse every JSON request body goes through.</summary>
[MemoryDiagnoser]
public class ParseJsonBenchmarks
{
    private string patient = string.Empty;
    private string observation = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        patient = Samples.SyntheaPatient();
        observation = Samples.SyntheaObservation();
    }

    [Benchmark]
    public Resource SyntheaPatient() => FhirFormat.ParseJson(patient);

    [Benchmark]
    public Resource SyntheaObservation() => FhirFormat.ParseJson(observation);
}
