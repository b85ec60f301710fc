using System.Globalization;

namespace Leodis.LoadTool.Fhir;

/// <summary>NHS numbers from the 999 test range, which are never issued to real people, with a valid Modulus 11 check digit.</summary>
public static class NhsNumber
{
    /// <summary>
    /// The <paramref name="sequence"/>-th valid test number (wrapping after about 900,000): 999 followed by six digits
    /// from the sequence and the check digit. Digits whose check digit would be 10 are skipped, as the spec requires.
    /// </summary>
    public static string FromSequence(long sequence)
    {
        for (var candidate = sequence; ; candidate++)
        {
            var nine = 999_000_000L + (candidate % 1_000_000);
            if (CheckDigit(nine) is { } check)
            {
                return (nine * 10 + check).ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The Modulus 11 check digit of a nine-digit number, or null when there is none (remainder 1).</summary>
    public static int? CheckDigit(long nineDigits)
    {
        var sum = 0;
        for (var weight = 2; weight <= 10; weight++)
        {
            sum += (int)(nineDigits % 10) * weight;
            nineDigits /= 10;
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => 0,
            10 => null,
            _ => check,
        };
    }
}
