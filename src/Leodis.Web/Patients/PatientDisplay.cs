using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Fhir.Identifiers;

namespace Leodis.Web.Patients;

/// <summary>
/// How a patient's details are written on screen, after NHS patient banner guidance (ISB 1500 / NHS Digital's
/// common user interface): FAMILY name first in capitals, NHS number in 3 3 4, dates as dd-Mmm-yyyy, times in UK time.
/// </summary>
public static class PatientDisplay
{
    private const string VerifiedCode = "01";
    private const string VerificationExtension = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";

    /// <summary>"FAMILY, Given Middle (Title)"; the official name where there is one.</summary>
    public static string Name(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        if (name is null)
        {
            return "Name not recorded";
        }

        var family = name.Family?.ToUpperInvariant() ?? string.Empty;
        var given = string.Join(' ', name.Given);
        var title = name.Prefix.FirstOrDefault() is { Length: > 0 } prefix ? $" ({prefix})" : string.Empty;
        return given.Length == 0 ? family + title : $"{family}, {given}{title}";
    }

    /// <summary>The NHS number in 3 3 4 form, or null when the record has none.</summary>
    public static string? NhsNumberOf(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var value = NhsIdentifier(patient)?.Value;
        return value is null ? null : NhsNumber.TryParse(value, out var number) ? number.Formatted : value;
    }

    /// <summary>The NHS number's verification status when it is anything but "present and verified"; null otherwise.</summary>
    public static string? NhsNumberUnverified(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (NhsIdentifier(patient) is not { } identifier)
        {
            return null;
        }

        var status = identifier.GetExtensionValue<CodeableConcept>(VerificationExtension);
        var coding = status?.Coding.FirstOrDefault();
        if (coding?.Code == VerifiedCode)
        {
            return null;
        }

        return coding?.Display ?? status?.Text ?? "Verification status not recorded";
    }

    /// <summary>The patient's hospital (local) number, or null.</summary>
    public static string? HospitalNumberOf(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return patient.Identifier.FirstOrDefault(i => i.System == PatientSearch.HospitalNumberSystem)?.Value;
    }

    /// <summary>A FHIR date or dateTime as dd-Mmm-yyyy (a partial date as far as it goes: Mmm-yyyy, yyyy).</summary>
    public static string Date(string? fhirDate)
    {
        if (string.IsNullOrEmpty(fhirDate))
        {
            return "Not recorded";
        }

        if (fhirDate.Length > 10 && DateTimeOffset.TryParse(fhirDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return ToLondon(instant).ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);
        }

        return fhirDate.Length switch
        {
            10 when DateOnly.TryParseExact(fhirDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture),
            7 when DateOnly.TryParseExact(fhirDate + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) => m.ToString("MMM-yyyy", CultureInfo.InvariantCulture),
            _ => fhirDate,
        };
    }

    /// <summary>The UK date of an instant as dd-Mmm-yyyy.</summary>
    public static string Date(DateTimeOffset instant) => ToLondon(instant).ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>An instant as dd-Mmm-yyyy HH:mm in UK time.</summary>
    public static string DateTime(DateTimeOffset instant) => ToLondon(instant).ToString("dd-MMM-yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A FHIR dateTime as dd-Mmm-yyyy HH:mm in UK time (or as a date when it has no time).</summary>
    public static string DateTime(string? fhirDateTime) =>
        fhirDateTime is { Length: > 10 } && DateTimeOffset.TryParse(fhirDateTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? DateTime(instant)
            : Date(fhirDateTime);

    /// <summary>The instant of a FHIR dateTime (a date is taken as its start), or null.</summary>
    public static DateTimeOffset? Instant(string? fhirDateTime) =>
        fhirDateTime is null ? null : new FhirDateTime(fhirDateTime).TryToDateTimeOffset(out var instant) ? instant : null;

    /// <summary>Age as the banner writes it: days under four weeks, then weeks, months under two years, years from then.</summary>
    public static string Age(string? birthDate, DateOnly today)
    {
        if (birthDate is null || !DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) || born > today)
        {
            return string.Empty;
        }

        var months = ((today.Year - born.Year) * 12) + today.Month - born.Month - (today.Day < born.Day ? 1 : 0);
        var days = today.DayNumber - born.DayNumber;
        return (months, days) switch
        {
            (_, < 28) => days == 1 ? "1 day" : $"{days} days",
            (< 1, _) => $"{days / 7} weeks",
            (< 24, _) => months == 1 ? "1 month" : $"{months} months",
            _ => $"{months / 12} years",
        };
    }

    /// <summary>Female, Male, Other, Unknown, or "Not recorded".</summary>
    public static string Gender(AdministrativeGender? gender) => gender switch
    {
        AdministrativeGender.Female => "Female",
        AdministrativeGender.Male => "Male",
        AdministrativeGender.Other => "Other",
        AdministrativeGender.Unknown => "Unknown",
        _ => "Not recorded",
    };

    /// <summary>The home address on one line ending with the postcode, or "No address recorded".</summary>
    public static string Address(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var address = patient.Address.FirstOrDefault(a => a.Use == Hl7.Fhir.Model.Address.AddressUse.Home && a.Period?.End is null)
            ?? patient.Address.FirstOrDefault();
        if (address is null)
        {
            return "No address recorded";
        }

        var parts = address.Line.Concat([address.City, address.District, address.PostalCode]).Where(p => !string.IsNullOrWhiteSpace(p));
        return string.Join(", ", parts);
    }

    /// <summary>Today in the UK, for ages.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(ToLondon(clock.GetUtcNow()).DateTime);
    }

    public static DateTimeOffset ToLondon(DateTimeOffset instant) => Wards.LondonTime.ToLocal(instant);

    private static Identifier? NhsIdentifier(Patient patient) => patient.Identifier.FirstOrDefault(i => i.System == NhsNumber.System);
}
