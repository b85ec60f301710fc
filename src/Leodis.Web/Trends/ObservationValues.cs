using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Web.Patients;

namespace Leodis.Web.Trends;

/// <summary>How an Observation reads on screen: its name, its value with units, when it was taken, and whether it is abnormal.</summary>
public static class ObservationValues
{
    private const string InterpretationSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    private static readonly Dictionary<string, string> Interpretations = new(StringComparer.Ordinal)
    {
        ["H"] = "High",
        ["L"] = "Low",
        ["HH"] = "Critically high",
        ["LL"] = "Critically low",
        ["HU"] = "Significantly high",
        ["LU"] = "Significantly low",
        ["A"] = "Abnormal",
        ["AA"] = "Critically abnormal",
    };

    /// <summary>The observation's name: its code's text, else its first display, else its first code.</summary>
    public static string Name(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return Name(observation.Code);
    }

    public static string Name(CodeableConcept? code) =>
        code?.Text ?? code?.Coding.FirstOrDefault(c => c.Display is not null)?.Display ?? code?.Coding.FirstOrDefault()?.Code ?? "Unnamed";

    /// <summary>The value as written: "7.2 mmol/L", "128/82 mmHg" for a blood pressure, a coded answer's words.</summary>
    public static string Value(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Value is null && observation.Component.Count > 0)
        {
            var parts = observation.Component.Select(c => c.Value).OfType<Quantity>().ToList();
            return parts.Count == observation.Component.Count && parts.Count > 0
                ? string.Join('/', parts.Select(p => Number(p.Value))) + " " + Unit(parts[0])
                : string.Join(", ", observation.Component.Select(c => $"{Name(c.Code)} {Text(c.Value)}"));
        }

        return observation.Value is null ? Name(observation) : Text(observation.Value);
    }

    /// <summary>A value of any of the Observation value types, as text.</summary>
    public static string Text(DataType? value) => value switch
    {
        Quantity q => $"{Number(q.Value)} {Unit(q)}".Trim(),
        CodeableConcept c => Name(c),
        FhirString s => s.Value ?? string.Empty,
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        FhirBoolean b => b.Value == true ? "Yes" : "No",
        null => string.Empty,
        _ => value.ToString() ?? string.Empty,
    };

    public static string Unit(Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        var unit = quantity.Unit ?? quantity.Code ?? string.Empty;
        return unit switch
        {
            "per minute" or "/min" => "/min",
            "percent" => "%",
            "Cel" => "°C",
            "mm[Hg]" => "mmHg",
            "ScoreOf" or "{ScoreOf}" => string.Empty,
            _ => unit,
        };
    }

    public static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";

    /// <summary>When it was taken (effective), else when it was issued.</summary>
    public static DateTimeOffset? Taken(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation.Effective switch
        {
            FhirDateTime d => PatientDisplay.Instant(d.Value),
            Period p => PatientDisplay.Instant(p.Start),
            Instant i => i.Value,
            _ => observation.Issued,
        };
    }

    /// <summary>The reference range's low and high (either may be missing), from the first range given.</summary>
    public static (decimal? Low, decimal? High) Range(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var range = observation.ReferenceRange.FirstOrDefault();
        return (range?.Low?.Value, range?.High?.Value);
    }

    /// <summary>
    /// The abnormal flag (H, L, HH, LL, A...) and its words, or null when normal: the lab's interpretation when it gave
    /// one, else the value compared with the reference range.
    /// </summary>
    public static (string Code, string Words)? Abnormal(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var coded = observation.Interpretation.SelectMany(i => i.Coding)
            .FirstOrDefault(c => c.System == InterpretationSystem && c.Code is not null && Interpretations.ContainsKey(c.Code));
        if (coded?.Code is { } code)
        {
            return (code, Interpretations[code]);
        }

        return observation.Value is Quantity { Value: { } value } ? Compare(value, Range(observation)) : null;
    }

    /// <summary>A value against a range: H above, L below, null inside or with no range.</summary>
    public static (string Code, string Words)? Compare(decimal value, (decimal? Low, decimal? High) range) =>
        value > range.High ? ("H", "High") : value < range.Low ? ("L", "Low") : null;
}
