using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Leodis.Fhir;

namespace Leodis.Benchmarks;

/// <summary>FhirFormat.ParseXml (strict) over UK Core examples.</summary>
[MemoryDiagnoser]
public class ParseXmlBenchmarks
{
    private string patient = string.Empty;
    private string observation = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        patient = Samples.UkCoreXml("UKCore-Patient-RichardSmith-Example.xml");
        // Not the Lab-Albumin example: it has meta after text, which the strict parser rightly refuses.
        observation = Samples.UkCoreXml("UKCore-Observation-VitalSigns-BloodPressure-Example.xml");
    }

    [Benchmark]
    public Resource UkCorePatient() => FhirFormat.ParseXml(patient);

    [Benchmark]
    public Resource UkCoreObservation() => FhirFormat.ParseXml(observation);
}
