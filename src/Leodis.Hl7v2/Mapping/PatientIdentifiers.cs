using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// PID-3 (and the older PID-2) read as Patient identifiers: the NHS number (assigning authority NHS or type NH, check
/// digit verified, with the UK Core verification status from PID-32), the hospital number (the first MR/PI), and
/// any others under a local system named by their assigning authority.
/// </summary>
internal static class PatientIdentifiers
{
    public const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";
    public const string VerificationStatusUrl = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    public const string VerificationStatusSystem = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";
    private const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private static readonly string[] VerificationStatus =
    [
        "Number present and verified",
        "Number present but not traced",
        "Trace required",
        "Trace attempted - No match or multiple match found",
        "Trace needs to be resolved - (NHS number or patient detail conflict)",
        "Trace in progress",
        "Number not present and trace not required",
        "Trace postponed (baby under six weeks old)",
    ];

    public static List<Identifier> Read(Er7Segment pid, Hl7v2Options options, Er7Field? reliability = null)
    {
        var identifiers = new List<Identifier>();
        foreach (var cx in pid.Field(3).Repetitions().Concat(pid.Field(2).Repetitions()))
        {
            if (Read(cx, options, identifiers) is { } identifier && !identifiers.Any(i => i.System == identifier.System && i.Value == identifier.Value))
            {
                identifiers.Add(identifier);
            }
        }

        if (identifiers.FirstOrDefault(i => i.System == NhsNumberSystem) is { } nhs && (reliability ?? pid.Field(32)).Value is { Length: 2 } code
            && int.TryParse(code, out var status) && status is >= 1 and <= 8)
        {
            nhs.Extension.Add(new Extension(VerificationStatusUrl, new CodeableConcept(VerificationStatusSystem, code, VerificationStatus[status - 1])));
        }

        return identifiers;
    }

    /// <summary>The identifiers of an MRG-1 (prior patient identifier list), read the same way.</summary>
    public static List<Identifier> ReadList(Er7Field field, Hl7v2Options options)
    {
        var identifiers = new List<Identifier>();
        foreach (var cx in field.Repetitions())
        {
            if (Read(cx, options, identifiers) is { } identifier)
            {
                identifiers.Add(identifier);
            }
        }

        return identifiers;
    }

    /// <summary>The key messages for one patient share (hospital number, else NHS number), or null.</summary>
    public static string? Key(IEnumerable<Identifier> identifiers, Hl7v2Options options)
    {
        var list = identifiers.ToList();
        var best = list.FirstOrDefault(i => i.System == options.HospitalNumberSystem) ?? list.FirstOrDefault(i => i.System == NhsNumberSystem);
        return best is null ? null : $"{best.System}|{best.Value}";
    }

    /// <summary>NHS numbers are ten digits, the last a modulus 11 check digit (NHS Data Dictionary).</summary>
    public static bool IsValidNhsNumber(string value)
    {
        if (value.Length != 10 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (value[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        check = check == 11 ? 0 : check;
        return check != 10 && check == value[9] - '0';
    }

    private static Identifier? Read(Er7Field cx, Hl7v2Options options, List<Identifier> sofar)
    {
        var value = cx[1].Trim();
        if (value.Length == 0 || value == "\"\"")
        {
            return null;
        }

        var authority = cx[4].Trim();
        var type = cx[5].Trim();
        if (authority.Equals("NHS", StringComparison.OrdinalIgnoreCase) || type == "NH")
        {
            var digits = value.Replace(" ", string.Empty, StringComparison.Ordinal);
            return IsValidNhsNumber(digits)
                ? new Identifier(NhsNumberSystem, digits)
                : throw new MappingException("PID-3 holds an NHS number that fails its check digit.", "102", "PID^1^3");
        }

        if (type is "MR" or "PI" or "PT" or "" && !sofar.Any(i => i.System == options.HospitalNumberSystem))
        {
            return new Identifier(options.HospitalNumberSystem, value)
            {
                Type = new CodeableConcept(IdentifierType, "MR", "Medical record number"),
                Assigner = authority.Length > 0 ? new ResourceReference { Display = authority } : null,
            };
        }

        var name = authority.Length > 0 ? authority : type.Length > 0 ? type : "unknown";
        return new Identifier($"{options.LocalIdentifierBase}/{Uri.EscapeDataString(name)}", value)
        {
            Type = type.Length > 0 ? new CodeableConcept(IdentifierType, type) : null,
        };
    }
}
