using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Leodis.Fhir.Identifiers;

/// <summary>
/// A ten-digit NHS number whose last digit is its Modulus 11 check digit (NHS Data Dictionary, "NHS Number").
/// Stored as the ten digits; shown as 3-3-4 ("943 476 5919"). Numbers starting 999 are the reserved test range.
/// </summary>
public readonly record struct NhsNumber
{
    /// <summary>The identifier system of an NHS number in FHIR (UK Core).</summary>
    public const string System = "https://fhir.nhs.uk/Id/nhs-number";

    private NhsNumber(string digits) => Value = digits;

    /// <summary>The ten digits, without spaces.</summary>
    public string Value { get; }

    /// <summary>True for the reserved test range 999 000 0000 to 999 999 9999, which no real person holds.</summary>
    public bool IsTestNumber => Value.StartsWith("999", StringComparison.Ordinal);

    /// <summary>True when the text is ten digits (spaces and dashes between groups allowed) with a correct check digit.</summary>
    public static bool IsValid([NotNullWhen(true)] string? text) => TryParse(text, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, out NhsNumber number)
    {
        number = default;
        if (text is null)
        {
            return false;
        }

        Span<char> digits = stackalloc char[10];
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == 10)
                {
                    return false;
                }

                digits[count++] = c;
            }
            else if (c is not (' ' or '-'))
            {
                return false;
            }
        }

        if (count != 10 || CheckDigit(digits[..9]) is not { } check || check != digits[9] - '0')
        {
            return false;
        }

        number = new NhsNumber(new string(digits));
        return true;
    }

    public static NhsNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException("The text is not a valid NHS number.");

    /// <summary>True when the nine-digit stem has a check digit (its Modulus 11 remainder is not 1); no allocation.</summary>
    public static bool HasCheckDigit(int stem)
    {
        var sum = 0;
        for (var weight = 2; weight <= 10; weight++, stem /= 10)
        {
            sum += (stem % 10) * weight;
        }

        return 11 - (sum % 11) != 10;
    }

    /// <summary>
    /// The NHS number whose first nine digits are <paramref name="stem"/> (0 to 999,999,999), or null when no check
    /// digit fits: Modulus 11 gives 10 for about one stem in eleven, and such stems are never issued.
    /// </summary>
    public static NhsNumber? FromStem(int stem)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stem);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stem, 999_999_999);
        Span<char> digits = stackalloc char[10];
        stem.TryFormat(digits, out _, "D9", CultureInfo.InvariantCulture);
        if (CheckDigit(digits[..9]) is not { } check)
        {
            return null;
        }

        digits[9] = (char)('0' + check);
        return new NhsNumber(new string(digits));
    }

    /// <summary>
    /// The Modulus 11 check digit of nine digits: weights 10 down to 2, remainder of the sum by 11, subtracted from 11;
    /// 11 becomes 0, and 10 means the stem is invalid (null).
    /// </summary>
    public static int? CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        if (nineDigits.Length != 9)
        {
            throw new ArgumentException("An NHS number stem has nine digits.", nameof(nineDigits));
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (nineDigits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => 0,
            10 => null,
            _ => check,
        };
    }

    /// <summary>The 3-3-4 form used on screens and letters, for example "999 123 4560".</summary>
    public string Formatted => Value is null ? string.Empty : $"{Value[..3]} {Value[3..6]} {Value[6..]}";

    public override string ToString() => Formatted;
}
