using BenchmarkDotNet.Attributes;
using Leodis.Fhir.Patching;

namespace Leodis.Benchmarks;

/// <summary>JsonPatch.Apply on a Synthea Patient: the JSON work of a PATCH, before the result is parsed and stored.</summary>
[MemoryDiagnoser]
public class JsonPatchBenchmarks
{
    private const string Patch = """
        [
          {"op": "replace", "path": "/birthDate", "value": "1970-05-06"},
          {"op": "add", "path": "/telecom/-", "value": {"system": "phone", "value": "0113 496 0000", "use": "mobile"}},
          {"op": "test", "path": "/resourceType", "value": "Patient"}
        ]
        """;

    private string patient = string.Empty;

    [GlobalSetup]
    public void Setup() => patient = Samples.SyntheaPatient();

    [Benchmark]
    public string ThreeOperationsOnSyntheaPatient() => JsonPatch.Apply(patient, Patch);
}
