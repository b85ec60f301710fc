using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>HL7 v2 data types (TS/DTM, XPN, XAD, XTN, CWE, CX, XCN) read as FHIR data types.</summary>
internal sealed class V2Types(TimeZoneInfo zone)
{
    /// <summary>A TS/DTM (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]) as a FHIR dateTime; a time with no offset is local to the feed.</summary>
    public string? DateTime(string ts)
    {
        ts = ts.Trim();
        if (ts.Length < 4)
        {
            return null;
        }

        var offsetAt = ts.IndexOfAny(['+', '-'], 4);
        var body = offsetAt < 0 ? ts : ts[..offsetAt];
        var offset = offsetAt < 0 ? null : ts[offsetAt..];
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var fraction = dot < 0 ? string.Empty : body[dot..];
        body = dot < 0 ? body : body[..dot];
        if (body.Length is < 4 or > 14 || body.Length % 2 != 0 || !body.All(char.IsAsciiDigit))
        {
            return null;
        }

        var date = body.Length switch
        {
            4 => body,
            6 => $"{body[..4]}-{body[4..6]}",
            _ => $"{body[..4]}-{body[4..6]}-{body[6..8]}",
        };
        if (body.Length <= 8)
        {
            return Valid(date);
        }

        var time = $"{body[8..10]}:{(body.Length >= 12 ? body[10..12] : "00")}:{(body.Length >= 14 ? body[12..14] : "00")}";
        if (body.Length == 14 && fraction.Length > 1 && fraction[1..].All(char.IsAsciiDigit))
        {
            time += fraction;
        }

        if (offset is { Length: 5 } && offset[1..].All(char.IsAsciiDigit))
        {
            return Valid($"{date}T{time}{offset[..3]}:{offset[3..]}");
        }

        if (!System.DateTime.TryParseExact($"{date}T{time[..8]}", "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var utcOffset = zone.GetUtcOffset(local);
        return Valid($"{date}T{time}{(utcOffset < TimeSpan.Zero ? "-" : "+")}{utcOffset:hh\\:mm}");
    }

    /// <summary>The date part of a TS/DT as a FHIR date.</summary>
    public static string? Date(string ts)
    {
        var digits = new string(ts.Trim().TakeWhile(char.IsAsciiDigit).ToArray());
        var text = digits.Length switch
        {
            >= 8 => $"{digits[..4]}-{digits[4..6]}-{digits[6..8]}",
            6 => $"{digits[..4]}-{digits[4..6]}",
            4 => digits,
            _ => null,
        };
        return text is not null && Hl7.Fhir.Model.Date.IsValidValue(text) ? text : null;
    }

    public static HumanName? Name(Er7Field xpn)
    {
        var name = new HumanName { Family = NullIfEmpty(xpn[1]) };
        name.Given = new[] { xpn[2], xpn[3] }.Where(g => g.Length > 0).ToList();
        if (xpn[5] is { Length: > 0 } prefix)
        {
            name.Prefix = [prefix];
        }

        if (xpn[4] is { Length: > 0 } suffix)
        {
            name.Suffix = [suffix];
        }

        name.Use = xpn[7] switch
        {
            "L" => HumanName.NameUse.Official,
            "D" => HumanName.NameUse.Usual,
            "M" => HumanName.NameUse.Maiden,
            "N" => HumanName.NameUse.Nickname,
            "A" or "S" => HumanName.NameUse.Anonymous,
            "B" or "C" => HumanName.NameUse.Old,
            _ => null,
        };
        return name.Family is null && name.Given.Any() is false ? null : name;
    }

    public static Address? Address(Er7Field xad)
    {
        var address = new Address
        {
            Line = new[] { xad[1], xad[2] }.Where(l => l.Length > 0).ToList(),
            City = NullIfEmpty(xad[3]),
            District = NullIfEmpty(xad[4]),
            PostalCode = NullIfEmpty(xad[5]),
            Country = NullIfEmpty(xad[6]),
        };
        address.Use = xad[7] switch
        {
            "H" => Hl7.Fhir.Model.Address.AddressUse.Home,
            "B" or "O" => Hl7.Fhir.Model.Address.AddressUse.Work,
            "C" => Hl7.Fhir.Model.Address.AddressUse.Temp,
            "OLD" => Hl7.Fhir.Model.Address.AddressUse.Old,
            _ => null,
        };
        address.Type = xad[7] == "M" ? Hl7.Fhir.Model.Address.AddressType.Postal : null;
        return address.Line.Any() || address.City is not null || address.PostalCode is not null ? address : null;
    }

    public static ContactPoint? Telecom(Er7Field xtn, ContactPoint.ContactPointUse? defaultUse)
    {
        var value = xtn[4] is { Length: > 0 } email ? email
            : xtn[7] is { Length: > 0 } number ? $"{xtn[6]}{number}".Trim()
            : xtn[1];
        if (value.Length == 0)
        {
            return null;
        }

        return new ContactPoint
        {
            Value = value,
            System = xtn[3] switch
            {
                "Internet" or "X.400" => ContactPoint.ContactPointSystem.Email,
                "FX" => ContactPoint.ContactPointSystem.Fax,
                "BP" => ContactPoint.ContactPointSystem.Pager,
                _ => xtn[4].Length > 0 ? ContactPoint.ContactPointSystem.Email : ContactPoint.ContactPointSystem.Phone,
            },
            Use = xtn[3] == "CP" ? ContactPoint.ContactPointUse.Mobile
                : xtn[2] switch
                {
                    "PRN" or "ORN" or "VHN" => ContactPoint.ContactPointUse.Home,
                    "WPN" => ContactPoint.ContactPointUse.Work,
                    _ => defaultUse,
                },
        };
    }

    /// <summary>A CWE/CE/CNE as a CodeableConcept: the primary and alternate codings, and the original text.</summary>
    public static CodeableConcept? Concept(Er7Field cwe)
    {
        var concept = new CodeableConcept();
        foreach (var (code, display, system) in new[] { (1, 2, 3), (4, 5, 6) })
        {
            if (cwe[code] is { Length: > 0 } value)
            {
                concept.Coding.Add(new Coding(V2Codes.CodingSystem(cwe[system]), value, NullIfEmpty(cwe[display])));
            }
        }

        concept.Text = NullIfEmpty(cwe[9]) ?? (concept.Coding.Count == 0 ? NullIfEmpty(cwe[2]) : null);
        return concept.Coding.Count == 0 && concept.Text is null ? null : concept;
    }

    public static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) || text == "\"\"" ? null : text.Trim();

    private static string? Valid(string dateTime) => FhirDateTime.IsValidValue(dateTime) ? dateTime : null;
}
