using System.Globalization;
using Leodis.Fhir.Identifiers;

namespace Leodis.Web.Patients;

/// <summary>
/// What the find-a-patient form asks for, turned into a Patient search: by NHS number (checked with Modulus 11 first,
/// so a mistyped number is caught before anything is looked up), by family name with date of birth, or by hospital number.
/// </summary>
public static class PatientSearch
{
    /// <summary>The trust's hospital (local patient) number, as the demo hospital and the HL7 v2 feed record it.</summary>
    public const string HospitalNumberSystem = "https://leodis.example/Id/hospital-number";

    /// <summary>How many matches a search shows; more means the details given were too few to tell people apart.</summary>
    public const int MaxResults = 50;

    /// <summary>The search for an NHS number typed with or without spaces, or the reason it is not one.</summary>
    public static SearchQuery ByNhsNumber(string? typed)
    {
        var text = typed?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return SearchQuery.Invalid("Enter an NHS number.");
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 10 || text.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-')))
        {
            return SearchQuery.Invalid("An NHS number is 10 digits, for example 943 476 5919.");
        }

        return NhsNumber.TryParse(text, out var number)
            ? SearchQuery.For($"identifier={NhsNumber.System}|{number.Value}")
            : SearchQuery.Invalid("This is not a valid NHS number: its check digit is wrong. Check the number and type it again.");
    }

    /// <summary>The search for a family name with a date of birth typed as dd/mm/yyyy, d-m-yyyy or yyyy-mm-dd.</summary>
    public static SearchQuery ByNameAndBirthDate(string? family, string? birthDate)
    {
        var name = family?.Trim() ?? string.Empty;
        if (name.Length < 2)
        {
            return SearchQuery.Invalid("Enter the family name (at least 2 letters).");
        }

        if (!TryParseDate(birthDate, out var born))
        {
            return SearchQuery.Invalid("Enter the date of birth as day, month and year, for example 15/03/1950.");
        }

        return SearchQuery.For($"family={Uri.EscapeDataString(name)}&birthdate={born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
    }

    /// <summary>The search for a hospital number.</summary>
    public static SearchQuery ByHospitalNumber(string? typed)
    {
        var number = typed?.Trim() ?? string.Empty;
        return number.Length == 0 || number.Any(char.IsWhiteSpace)
            ? SearchQuery.Invalid("Enter a hospital number, without spaces.")
            : SearchQuery.For($"identifier={HospitalNumberSystem}|{Uri.EscapeDataString(number)}");
    }

    private static readonly string[] DateFormats = ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyy-MM-dd", "d MMM yyyy", "d-MMM-yyyy", "d MMMM yyyy"];

    private static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.GetCultureInfo("en-GB"), DateTimeStyles.None, out date)
        && date.Year >= 1880;
}
