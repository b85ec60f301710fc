using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Leodis.Fhir.Identifiers;

namespace Leodis.Server.Demo;

/// <summary>What to generate: how many patients from which one, the seed, and the day the data is "as of".</summary>
public sealed record CohortOptions(int Patients, long Seed, DateOnly ReferenceDate)
{
    /// <summary>The index of the first patient; a later run with the same seed can extend a cohort without overlap.</summary>
    public int FirstPatient { get; init; }

    /// <summary>Whether the first bundle is the hospital (trust, wards, staff, GP practices); it is the same for every seed.</summary>
    public bool IncludeHospital { get; init; } = true;
}

/// <summary>One bundle of a cohort: the hospital's reference data, or one patient's record.</summary>
public sealed record CohortBundle(string Name, Bundle Bundle, int? PatientIndex)
{
    public bool IsHospital => PatientIndex is null;
}

/// <summary>
/// The UK synthetic cohort: a hospital bundle, then one transaction bundle per patient, streamed in order while the
/// next patients are generated in parallel, so memory stays flat from 10 to 1,000,000 patients. Patient <c>i</c>
/// depends only on the seed, <c>i</c> and the reference date, so the same options give byte-identical output.
/// </summary>
public sealed class CohortGenerator
{
    /// <summary>The most patients one seed can number: every index up to here gets a distinct hospital number and bed.</summary>
    public const int MaxPatients = 1_000_000;

    // One patient in seven (from a seed-chosen residue) is in a bed today, until 90% of beds are taken.
    private const int InpatientEvery = 7;

    private static readonly Lazy<int[]> TestRangeStems = new(() =>
        Enumerable.Range(999_000_000, 1_000_000).Where(NhsNumber.HasCheckDigit).ToArray());

    private readonly CohortOptions options;
    private readonly long nhsOffset;
    private readonly long nhsStride;
    private readonly long mrnOffset;
    private readonly long mrnStride;
    private readonly int inpatientResidue;
    private readonly List<(Ward Ward, Location Bed)> bedOrder = [];

    public CohortGenerator(CohortOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patients);
        ArgumentOutOfRangeException.ThrowIfNegative(options.FirstPatient);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)options.FirstPatient + options.Patients, MaxPatients, nameof(options));
        this.options = options;
        var random = DemoRandom.For(options.Seed, "cohort", 0);
        var stems = TestRangeStems.Value.Length;
        nhsOffset = random.Next(stems);
        nhsStride = Coprime(random, stems);
        mrnOffset = random.Next(9_000_000);
        mrnStride = Coprime(random, 9_000_000);
        inpatientResidue = random.Next(InpatientEvery);

        // Beds are handed out across wards in turn, so even a small cohort has patients on every ward.
        var wards = Hospital.Instance.Wards;
        for (var n = 0; bedOrder.Count < wards.Sum(w => w.Beds.Count); n++)
        {
            bedOrder.AddRange(wards.Where(w => n < w.Beds.Count).Select(w => (w, w.Beds[n])));
        }
    }

    /// <summary>How many NHS numbers the 999 test range holds (stems whose Modulus 11 check digit would be 10 are skipped).</summary>
    public static int TestRangeCapacity => TestRangeStems.Value.Length;

    /// <summary>The hospital bundle (the same for every seed).</summary>
    public static CohortBundle HospitalBundle() => new("hospital", Hospital.Instance.ToBundle(), null);

    /// <summary>Patient <paramref name="index"/>'s record as a transaction bundle.</summary>
    public CohortBundle Patient(int index) =>
        new($"patient-{index:D7}", PatientRecord.Build(Slot(index), options.Seed, options.ReferenceDate), index);

    /// <summary>The hospital (if asked for), then every patient in index order.</summary>
    public async IAsyncEnumerable<CohortBundle> GenerateAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (options.IncludeHospital)
        {
            yield return HospitalBundle();
        }

        var batch = Math.Max(16, Environment.ProcessorCount * 16);
        var end = options.FirstPatient + options.Patients;
        var next = options.FirstPatient < end ? Task.Run(() => Batch(options.FirstPatient, Math.Min(batch, end - options.FirstPatient)), ct) : null;
        while (next is not null)
        {
            var bundles = await next;
            var from = bundles[^1].PatientIndex!.Value + 1;
            next = from < end ? Task.Run(() => Batch(from, Math.Min(batch, end - from)), ct) : null;
            foreach (var bundle in bundles)
            {
                ct.ThrowIfCancellationRequested();
                yield return bundle;
            }
        }
    }

    internal PatientSlot Slot(int index)
    {
        NhsNumber? nhsNumber = null;
        var stems = TestRangeStems.Value;
        if (index < stems.Length)
        {
            // A bijection of the stems: patients get distinct numbers scattered over the whole test range.
            nhsNumber = NhsNumber.FromStem(stems[(nhsOffset + (index * nhsStride)) % stems.Length]);
        }

        var mrn = 1_000_000 + ((mrnOffset + (index * mrnStride)) % 9_000_000);
        var bed = index % InpatientEvery == inpatientResidue && index / InpatientEvery < bedOrder.Count * 9 / 10
            ? bedOrder[index / InpatientEvery]
            : default;
        return new PatientSlot(index, nhsNumber, mrn.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), bed.Ward, bed.Bed);
    }

    private CohortBundle[] Batch(int from, int count)
    {
        var bundles = new CohortBundle[count];
        Parallel.For(0, count, i => bundles[i] = Patient(from + i));
        return bundles;
    }

    private static long Coprime(DemoRandom random, int modulus)
    {
        var candidate = (long)random.Between(modulus / 3, modulus - 1);
        while (Gcd(candidate, modulus) != 1)
        {
            candidate++;
        }

        return candidate;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
