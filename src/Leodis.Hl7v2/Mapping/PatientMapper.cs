using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// PID to Patient. The patient is found by hospital number, then NHS number, following a merge's replaced-by link to
/// the surviving record. v2 update rules: an empty field leaves what is stored, "" deletes it, a value replaces it;
/// identifiers are added to those already held; anything the message does not carry (links, GP, ...) is kept.
/// </summary>
internal sealed class PatientMapper(MappingContext context)
{
    private const string EthnicCategoryUrl = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";
    private const string EthnicCategorySystem = "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland";
    private readonly Dictionary<string, PatientRecord> seen = new(StringComparer.Ordinal);

    /// <summary>Finds or creates the patient of a PID, applies the PID to it, and plans the write.</summary>
    public async Task<PatientRecord> ApplyAsync(Er7Segment pid, CancellationToken ct)
    {
        var identifiers = PatientIdentifiers.Read(pid, context.Options);
        var record = await FindOrNewAsync(identifiers, ct);
        var patient = record.Patient;
        Merge(patient.Identifier, identifiers);
        patient.Active = true;
        Set(pid.Field(5), () => patient.Name = pid.Field(5).Repetitions().Select(V2Types.Name).OfType<HumanName>().ToList(), () => patient.Name = []);
        Set(pid.Field(7), () => patient.BirthDate = V2Types.Date(pid[7]), () => patient.BirthDate = null);
        Set(pid.Field(8), () => patient.Gender = V2Codes.Gender(pid[8]), () => patient.Gender = null);
        Set(pid.Field(11), () => patient.Address = pid.Field(11).Repetitions().Select(V2Types.Address).OfType<Address>().ToList(), () => patient.Address = []);
        if (!pid.Field(13).IsEmpty || !pid.Field(14).IsEmpty)
        {
            patient.Telecom = pid.Field(13).Repetitions().Select(x => V2Types.Telecom(x, ContactPoint.ContactPointUse.Home))
                .Concat(pid.Field(14).Repetitions().Select(x => V2Types.Telecom(x, ContactPoint.ContactPointUse.Work)))
                .OfType<ContactPoint>().ToList();
        }

        Set(pid.Field(16), () => patient.MaritalStatus = MaritalStatus(pid[16]), () => patient.MaritalStatus = null);
        Set(pid.Field(22), () => SetEthnicCategory(patient, pid.Field(22)), () => patient.Extension.RemoveAll(e => e.Url == EthnicCategoryUrl));
        if (context.Types.DateTime(pid[29]) is { } died)
        {
            patient.Deceased = new FhirDateTime(died);
        }
        else if (pid[30] is "Y" or "N")
        {
            patient.Deceased = new FhirBoolean(pid[30] == "Y");
        }

        var reference = record.IsNew
            ? context.Plan.CreateUnlessExists(patient, MessagePlan.ByIdentifier(Primary(patient.Identifier)))
            : context.Plan.Update(patient);
        return seen[reference] = record with { Reference = reference };
    }

    /// <summary>The patient of a PID as stored, untouched (results do not rewrite PAS demographics); created from the PID when unknown.</summary>
    public async Task<PatientRecord> FindOrCreateAsync(Er7Segment pid, CancellationToken ct)
    {
        var found = await FindAsync(PatientIdentifiers.Read(pid, context.Options), ct);
        return found is null ? await ApplyAsync(pid, ct) : new PatientRecord(found, $"Patient/{found.Id}", IsNew: false);
    }

    /// <summary>
    /// The stored patient holding any of <paramref name="identifiers"/> (the survivor of a merge), or null. One search
    /// asks for all of them; the hospital number decides first, then the NHS number, then the others.
    /// </summary>
    public async Task<Patient?> FindAsync(IReadOnlyList<Identifier> identifiers, CancellationToken ct)
    {
        if (identifiers.Count == 0)
        {
            return null;
        }

        var all = await context.Lookup.SearchAsync<Patient>("Patient", MessagePlan.ByAnyIdentifier(identifiers), ct);
        foreach (var identifier in identifiers.OrderBy(i => i.System == context.Options.HospitalNumberSystem ? 0 : i.System == PatientIdentifiers.NhsNumberSystem ? 1 : 2))
        {
            var matches = all.Where(p => p.Identifier.Any(held => held.System == identifier.System && held.Value == identifier.Value)).ToList();
            var current = matches.FirstOrDefault(p => !IsReplaced(p)) ?? matches.FirstOrDefault();
            for (var hops = 0; current is not null && IsReplaced(current) && hops < 5; hops++)
            {
                var next = current.Link.First(l => l.Type == Patient.LinkType.ReplacedBy).Other.Reference?.Split('/');
                current = next is [_, var id] ? await context.Lookup.ReadAsync<Patient>("Patient", id, ct) : null;
            }

            if (current is not null)
            {
                return Cached(current);
            }
        }

        return null;
    }

    private async Task<PatientRecord> FindOrNewAsync(List<Identifier> identifiers, CancellationToken ct)
    {
        if (identifiers.Count == 0)
        {
            throw new MappingException("PID-3 holds no patient identifier.", "101", "PID^1^3");
        }

        if (seen.Values.FirstOrDefault(r => r.Patient.Identifier.Any(a => identifiers.Any(b => a.System == b.System && a.Value == b.Value))) is { } planned)
        {
            return planned;
        }

        var found = await FindAsync(identifiers, ct);
        return found is null
            ? new PatientRecord(new Patient(), string.Empty, IsNew: true)
            : new PatientRecord(found, $"Patient/{found.Id}", IsNew: false);
    }

    private Patient Cached(Patient patient) =>
        seen.TryGetValue($"Patient/{patient.Id}", out var record) ? record.Patient : patient;

    /// <summary>Plans a write of a stored patient this message changed outside PID (a merge's links).</summary>
    public string Update(Patient patient)
    {
        var reference = context.Plan.Update(patient);
        seen[reference] = new PatientRecord(patient, reference, IsNew: false);
        return reference;
    }

    private Identifier Primary(List<Identifier> identifiers) =>
        identifiers.FirstOrDefault(i => i.System == context.Options.HospitalNumberSystem)
        ?? identifiers.FirstOrDefault(i => i.System == PatientIdentifiers.NhsNumberSystem)
        ?? identifiers[0];

    public static bool IsReplaced(Patient patient) => patient.Link.Any(l => l.Type == Patient.LinkType.ReplacedBy);

    private static void Merge(List<Identifier> held, List<Identifier> sent)
    {
        foreach (var identifier in sent)
        {
            var same = held.FindIndex(h => h.System == identifier.System && h.Value == identifier.Value);
            if (same >= 0)
            {
                held[same] = identifier;
            }
            else
            {
                held.Add(identifier);
            }
        }
    }

    private static void Set(Er7Field field, Action set, Action clear)
    {
        if (field.IsExplicitNull)
        {
            clear();
        }
        else if (!field.IsEmpty)
        {
            set();
        }
    }

    private static CodeableConcept MaritalStatus(string code) =>
        code is "A" or "D" or "I" or "L" or "M" or "P" or "S" or "T" or "U" or "W"
            ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", code)
            : new CodeableConcept { Text = code };

    /// <summary>PID-22 with an NHS Data Dictionary ethnic category (one letter A to S, or Z) becomes the UK Core extension.</summary>
    private static void SetEthnicCategory(Patient patient, Er7Field ethnicGroup)
    {
        var code = ethnicGroup[1];
        if (code.Length == 1 && code[0] is (>= 'A' and <= 'S') or 'Z')
        {
            patient.Extension.RemoveAll(e => e.Url == EthnicCategoryUrl);
            patient.Extension.Add(new Extension(EthnicCategoryUrl, new CodeableConcept(EthnicCategorySystem, code, V2Types.NullIfEmpty(ethnicGroup[2]))));
        }
    }
}
