using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>OBX-5 read by its OBX-2 value type, with OBX-6 units, and OBX-7 as a reference range.</summary>
internal static partial class ResultValue
{
    public static DataType? Read(Er7Segment obx, V2Types types)
    {
        var value = obx.Field(5);
        if (value.IsEmpty)
        {
            return null;
        }

        var units = obx.Field(6);
        return obx[2] switch
        {
            "NM" => Number(value[1]) is { } number ? Quantity(number, units) : new FhirString(value.Text),
            "SN" => Structured(value, units),
            "CWE" or "CE" or "CNE" or "CF" => V2Types.Concept(value),
            "DT" or "TS" or "DTM" => types.DateTime(value[1]) is { } at ? new FhirDateTime(at) : new FhirString(value[1]),
            "TM" => Time.IsValidValue(value[1]) ? new Time(value[1]) : new FhirString(value[1]),
            "ED" => null,
            "RP" => new FhirString(value[1]),
            _ => new FhirString(string.Join("\n", value.Repetitions().Select(r => r.Text))),
        };
    }

    /// <summary>OBX-7: "3.5-5.0", "&lt;5", "&gt;=10" as low/high Quantities in OBX-6's unit; other text as text.</summary>
    public static Observation.ReferenceRangeComponent? Range(string text, Er7Field units)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var range = new Observation.ReferenceRangeComponent();
        if (Between().Match(text) is { Success: true } between && Number(between.Groups[1].Value) is { } low && Number(between.Groups[2].Value) is { } high)
        {
            range.Low = Quantity(low, units);
            range.High = Quantity(high, units);
        }
        else if (Bound().Match(text) is { Success: true } bound && Number(bound.Groups[2].Value) is { } limit)
        {
            if (bound.Groups[1].Value.StartsWith('<'))
            {
                range.High = Quantity(limit, units);
            }
            else
            {
                range.Low = Quantity(limit, units);
            }
        }

        range.Text = text;
        return range;
    }

    private static DataType? Structured(Er7Field sn, Er7Field units)
    {
        var (comparator, first, separator, second) = (sn[1], Number(sn[2]), sn[3], Number(sn[4]));
        if (first is null)
        {
            return new FhirString(sn.Text);
        }

        if (separator is ":" or "/" && second is not null)
        {
            return new Ratio { Numerator = new Quantity { Value = first }, Denominator = new Quantity { Value = second } };
        }

        if (separator is "-" && second is not null)
        {
            return new Hl7.Fhir.Model.Range { Low = Quantity(first.Value, units), High = Quantity(second.Value, units) };
        }

        var quantity = Quantity(first.Value, units);
        quantity.Comparator = comparator switch
        {
            "<" => Hl7.Fhir.Model.Quantity.QuantityComparator.LessThan,
            "<=" => Hl7.Fhir.Model.Quantity.QuantityComparator.LessOrEqual,
            ">" => Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterThan,
            ">=" => Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterOrEqual,
            _ => null,
        };
        return quantity;
    }

    private static Quantity Quantity(decimal value, Er7Field units)
    {
        var quantity = new Quantity { Value = value };
        var unit = units[1];
        if (unit.Length == 0)
        {
            return quantity;
        }

        quantity.Unit = units[2] is { Length: > 0 } text && !units[3].Equals("UCUM", StringComparison.OrdinalIgnoreCase) ? text : unit;
        if (V2Codes.UcumCode(unit, units[3]) is { } code)
        {
            quantity.System = V2Codes.Ucum;
            quantity.Code = code;
        }

        return quantity;
    }

    private static decimal? Number(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex(@"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|_|to)\s*(-?\d+(?:\.\d+)?)\s*$")]
    private static partial Regex Between();

    [GeneratedRegex(@"^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")]
    private static partial Regex Bound();
}
