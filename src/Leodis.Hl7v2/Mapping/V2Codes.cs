using Hl7.Fhir.Model;

namespace Leodis.Hl7v2.Mapping;

/// <summary>The HL7 v2 code tables the mapping reads, each turned into its FHIR R4 counterpart.</summary>
internal static class V2Codes
{
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>CWE-3 (name of coding system) as a FHIR system URI; null when it names nothing we know.</summary>
    public static string? CodingSystem(string name) => name.ToUpperInvariant() switch
    {
        "LN" or "LOINC" => "http://loinc.org",
        "SCT" or "SNM" or "SNOMED" or "SNOMEDCT" or "SNM3" => "http://snomed.info/sct",
        "I10" or "ICD10" => "http://hl7.org/fhir/sid/icd-10",
        "UCUM" => Ucum,
        "READ" or "RC" => "http://read.info/readv2",
        var table when table.Length == 8 && table.StartsWith("HL7", StringComparison.Ordinal) && table[3..].All(char.IsAsciiDigit) =>
            $"http://terminology.hl7.org/CodeSystem/v2-{table[3..]}",
        _ => null,
    };

    /// <summary>PV1-2 patient class (table 0004) as Encounter.class (v3 ActCode).</summary>
    public static Coding EncounterClass(string patientClass) => patientClass switch
    {
        "E" => new Coding(ActCode, "EMER", "emergency"),
        "O" or "B" or "R" => new Coding(ActCode, "AMB", "ambulatory"),
        "P" => new Coding(ActCode, "PRENC", "pre-admission"),
        "H" => new Coding(ActCode, "HH", "home health"),
        "V" => new Coding(ActCode, "VR", "virtual"),
        "D" => new Coding(ActCode, "SS", "short stay"),
        _ => new Coding(ActCode, "IMP", "inpatient encounter"),
    };

    /// <summary>PID-8 administrative sex (table 0001).</summary>
    public static AdministrativeGender? Gender(string sex) => sex.ToUpperInvariant() switch
    {
        "M" => AdministrativeGender.Male,
        "F" => AdministrativeGender.Female,
        "O" or "A" or "N" => AdministrativeGender.Other,
        "U" => AdministrativeGender.Unknown,
        _ => null,
    };

    /// <summary>OBR-25 result status (table 0123) as DiagnosticReport.status.</summary>
    public static DiagnosticReport.DiagnosticReportStatus ReportStatus(string status) => status switch
    {
        "F" => DiagnosticReport.DiagnosticReportStatus.Final,
        "C" => DiagnosticReport.DiagnosticReportStatus.Corrected,
        "P" => DiagnosticReport.DiagnosticReportStatus.Preliminary,
        "A" or "R" => DiagnosticReport.DiagnosticReportStatus.Partial,
        "X" => DiagnosticReport.DiagnosticReportStatus.Cancelled,
        "I" or "O" or "S" => DiagnosticReport.DiagnosticReportStatus.Registered,
        _ => DiagnosticReport.DiagnosticReportStatus.Unknown,
    };

    /// <summary>OBX-11 observation result status (table 0085) as Observation.status.</summary>
    public static ObservationStatus ObservationStatus(string status) => status switch
    {
        "F" => Hl7.Fhir.Model.ObservationStatus.Final,
        "C" => Hl7.Fhir.Model.ObservationStatus.Corrected,
        "P" or "S" => Hl7.Fhir.Model.ObservationStatus.Preliminary,
        "R" or "I" => Hl7.Fhir.Model.ObservationStatus.Registered,
        "X" => Hl7.Fhir.Model.ObservationStatus.Cancelled,
        "D" or "W" => Hl7.Fhir.Model.ObservationStatus.EnteredInError,
        _ => Hl7.Fhir.Model.ObservationStatus.Unknown,
    };

    /// <summary>OBX-8 abnormal flag (table 0078) as a v3 ObservationInterpretation code; null when it is not one.</summary>
    public static Coding? AbnormalFlag(string flag) => flag switch
    {
        "L" => new Coding(Interpretation, "L", "Low"),
        "H" => new Coding(Interpretation, "H", "High"),
        "LL" => new Coding(Interpretation, "LL", "Critical low"),
        "HH" => new Coding(Interpretation, "HH", "Critical high"),
        "N" => new Coding(Interpretation, "N", "Normal"),
        "A" => new Coding(Interpretation, "A", "Abnormal"),
        "AA" => new Coding(Interpretation, "AA", "Critical abnormal"),
        "<" => new Coding(Interpretation, "<", "Off scale low"),
        ">" => new Coding(Interpretation, ">", "Off scale high"),
        "S" => new Coding(Interpretation, "S", "Susceptible"),
        "R" => new Coding(Interpretation, "R", "Resistant"),
        "I" => new Coding(Interpretation, "I", "Intermediate"),
        "POS" => new Coding(Interpretation, "POS", "Positive"),
        "NEG" => new Coding(Interpretation, "NEG", "Negative"),
        "IND" => new Coding(Interpretation, "IND", "Indeterminate"),
        "DET" => new Coding(Interpretation, "DET", "Detected"),
        "ND" => new Coding(Interpretation, "ND", "Not detected"),
        "U" => new Coding(Interpretation, "U", "Significant change up"),
        "D" => new Coding(Interpretation, "D", "Significant change down"),
        "W" => new Coding(Interpretation, "W", "Worse"),
        "B" => new Coding(Interpretation, "B", "Better"),
        _ => null,
    };

    /// <summary>
    /// A unit as sent in OBX-6 turned into its UCUM code: taken as is when OBX-6.3 says UCUM, else looked up among the
    /// units UK laboratories send; null when it has no UCUM form we are sure of (the unit is then kept as text only).
    /// </summary>
    public static string? UcumCode(string unit, string codingSystem)
    {
        if (codingSystem.Equals("UCUM", StringComparison.OrdinalIgnoreCase))
        {
            return unit;
        }

        return unit.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "%" => "%",
            "G/L" => "g/L",
            "G/DL" => "g/dL",
            "MG/L" => "mg/L",
            "MG/DL" => "mg/dL",
            "MMOL/L" => "mmol/L",
            "UMOL/L" => "umol/L",
            "NMOL/L" => "nmol/L",
            "PMOL/L" => "pmol/L",
            "MMOL/MOL" => "mmol/mol",
            "U/L" => "U/L",
            "IU/L" => "[IU]/L",
            "MU/L" or "MIU/L" => "m[IU]/L",
            "FL" => "fL",
            "PG" => "pg",
            "X10^9/L" or "10*9/L" or "10^9/L" or "GIGA.L-1" or "X10E9/L" => "10*9/L",
            "X10^12/L" or "10*12/L" or "10^12/L" or "TERA.L-1" or "X10E12/L" => "10*12/L",
            "L/L" => "L/L",
            "MMHG" or "MM[HG]" => "mm[Hg]",
            "KG" => "kg",
            "G" => "g",
            "CM" => "cm",
            "M" => "m",
            "KG/M2" => "kg/m2",
            "BEATS/MIN" or "BPM" or "/MIN" => "/min",
            "CEL" or "DEGC" or "C" => "Cel",
            "ML/MIN" => "mL/min",
            "ML/MIN/1.73M2" or "ML/MIN/1.73M^2" => "mL/min/{1.73_m2}",
            "S" or "SEC" => "s",
            "RATIO" => "{ratio}",
            _ => null,
        };
    }
}
