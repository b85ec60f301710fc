using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Server.Demo;

namespace Leodis.Server.Tests.Demo;

/// <summary>A cohort generated once per test run and shared by the tests that only read it, with helpers to look into it.</summary>
public static class GeneratedCohort
{
    public static readonly DateOnly ReferenceDate = new(2026, 11, 27);

    private static readonly Lazy<List<CohortBundle>> Shared = new(() => Generate(150, seed: 7));

    /// <summary>The hospital bundle and 150 patients, seed 7, as of 27 November 2026.</summary>
    public static List<CohortBundle> Bundles => Shared.Value;

    public static List<CohortBundle> Generate(int patients, long seed, int firstPatient = 0) =>
        new CohortGenerator(new CohortOptions(patients, seed, ReferenceDate) { FirstPatient = firstPatient })
            .GenerateAsync(CancellationToken.None).ToBlockingEnumerable().ToList();

    public static IEnumerable<Resource> Resources(IEnumerable<CohortBundle> bundles) =>
        bundles.SelectMany(b => b.Bundle.Entry).Select(e => e.Resource).OfType<Resource>();

    public static IEnumerable<T> All<T>(IEnumerable<CohortBundle> bundles)
        where T : Resource => Resources(bundles).OfType<T>();

    /// <summary>Every Reference.reference anywhere in the resource.</summary>
    public static IEnumerable<string> References(Base element)
    {
        if (element is ResourceReference { Reference: { } reference })
        {
            yield return reference;
        }

        foreach (var (_, value) in element.EnumerateElements())
        {
            foreach (var child in value is IEnumerable<Base> list ? list : value is Base single ? [single] : [])
            {
                foreach (var found in References(child))
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>The cohort as NDJSON text: every resource on its own line, in order.</summary>
    public static string Ndjson(IEnumerable<CohortBundle> bundles) =>
        string.Join("\n", Resources(bundles).Select(r => FhirFormat.ToJson(r)));
}
