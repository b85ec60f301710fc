using System.Globalization;
using System.Text;

namespace Leodis.Hl7v2.Er7;

/// <summary>
/// The five (from v2.7, six) encoding characters of one message, read from MSH-1 and MSH-2, and the escape sequences
/// built on them (v2 chapter 2.7): \F\ \S\ \T\ \R\ \E\ \P\, \Xhh..\ and the formatting commands such as \.br\.
/// </summary>
public sealed record Er7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent, char? Truncation = null)
{
    public static Er7Delimiters Default { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>MSH-2 as written: component, repetition, escape, subcomponent and, when present, truncation.</summary>
    public string EncodingCharacters => $"{Component}{Repetition}{Escape}{Subcomponent}{Truncation}";

    /// <summary>Replaces escape sequences with the text they stand for; an unterminated sequence is kept as written.</summary>
    public string Unescape(string raw)
    {
        if (raw.IndexOf(Escape, StringComparison.Ordinal) < 0)
        {
            return raw;
        }

        var text = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            var end = c == Escape ? raw.IndexOf(Escape, i + 1) : -1;
            if (end < 0)
            {
                text.Append(c);
                i++;
                continue;
            }

            AppendEscaped(text, raw.AsSpan(i + 1, end - i - 1));
            i = end + 1;
        }

        return text.ToString();
    }

    /// <summary>Writes text so that it reads back unchanged: delimiters and line breaks become escape sequences.</summary>
    public string EscapeText(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == Escape) { escaped.Append(Escape).Append('E').Append(Escape); }
            else if (c == Field) { escaped.Append(Escape).Append('F').Append(Escape); }
            else if (c == Component) { escaped.Append(Escape).Append('S').Append(Escape); }
            else if (c == Subcomponent) { escaped.Append(Escape).Append('T').Append(Escape); }
            else if (c == Repetition) { escaped.Append(Escape).Append('R').Append(Escape); }
            else if (c == Truncation) { escaped.Append(Escape).Append('P').Append(Escape); }
            else if (c == '\n') { escaped.Append(Escape).Append(".br").Append(Escape); }
            else if (c == '\r') { escaped.Append(Escape).Append("X0D").Append(Escape); }
            else { escaped.Append(c); }
        }

        return escaped.ToString();
    }

    private void AppendEscaped(StringBuilder text, ReadOnlySpan<char> code)
    {
        switch (code)
        {
            case "F": text.Append(Field); return;
            case "S": text.Append(Component); return;
            case "T": text.Append(Subcomponent); return;
            case "R": text.Append(Repetition); return;
            case "E": text.Append(Escape); return;
            case "P" when Truncation is { } truncation: text.Append(truncation); return;
            case ".br": text.Append('\n'); return;
            case ".sp": text.Append('\n'); return;
        }

        if (code.Length > 1 && code[0] == 'X' && (code.Length - 1) % 2 == 0 && TryHex(code[1..], out var bytes))
        {
            text.Append(DecodeBytes(bytes));
        }

        // \H\ \N\ (highlighting), \Cxxyy\ \Mxxyyzz\ (character sets), \Z..\ (local) and the other formatting commands
        // (.in .ti .sk .ce .fi .nf) carry no text of their own.
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string DecodeBytes(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
