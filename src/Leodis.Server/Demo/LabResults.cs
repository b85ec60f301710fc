using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A laboratory test: LOINC code, UCUM unit, reference range (by sex where it differs) and how values spread.</summary>
internal sealed record LabTest(Term Code, string Unit, int Decimals, decimal Low, decimal High, decimal? LowFemale = null, decimal? HighFemale = null);

/// <summary>
/// Blood results as a UK lab reports them: full blood count, urea and electrolytes, CRP and HbA1c, each a UK Core lab
/// DiagnosticReport over UK Core lab Observations with the reference range and an H or L flag when out of range.
/// </summary>
internal static class LabResults
{
    public static readonly LabTest Haemoglobin = new(Term.Loinc("718-7", "Hemoglobin [Mass/volume] in Blood"), "g/L", 0, 130, 180, 115, 165);
    public static readonly LabTest WhiteCells = new(Term.Loinc("6690-2", "Leukocytes [#/volume] in Blood by Automated count"), "10*9/L", 1, 4.0m, 11.0m);
    public static readonly LabTest Platelets = new(Term.Loinc("777-3", "Platelets [#/volume] in Blood by Automated count"), "10*9/L", 0, 150, 400);
    public static readonly LabTest Sodium = new(Term.Loinc("2951-2", "Sodium [Moles/volume] in Serum or Plasma"), "mmol/L", 0, 133, 146);
    public static readonly LabTest Potassium = new(Term.Loinc("2823-3", "Potassium [Moles/volume] in Serum or Plasma"), "mmol/L", 1, 3.5m, 5.3m);
    public static readonly LabTest Urea = new(Term.Loinc("22664-7", "Urea [Moles/volume] in Serum or Plasma"), "mmol/L", 1, 2.5m, 7.8m);
    public static readonly LabTest Creatinine = new(Term.Loinc("14682-9", "Creatinine [Moles/volume] in Serum or Plasma"), "umol/L", 0, 59, 104, 45, 84);
    public static readonly LabTest Crp = new(Term.Loinc("1988-5", "C reactive protein [Mass/volume] in Serum or Plasma"), "mg/L", 0, 0, 5);
    public static readonly LabTest HbA1c = new(Term.Loinc("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol"), "mmol/mol", 0, 20, 41);

    private static readonly Term FullBloodCount = Term.Loinc("58410-2", "CBC panel - Blood by Automated count");
    private static readonly Term RenalPanel = Term.Loinc("24362-6", "Renal function 2000 panel - Serum or Plasma");

    /// <summary>The admission bloods: FBC, U&amp;E and CRP. Severity 0 (well) to 3 shifts values the way illness does.</summary>
    public static void AddAdmissionBloods(PatientRecord record, Encounter encounter, DateTimeOffset taken, int severity, bool neutropenic, bool kidneyDisease)
    {
        var r = record.Random;
        var female = record.Gender == AdministrativeGender.Female;
        var whiteCells = neutropenic ? r.Normal(0.6, 0.3, 0.1, 1.5) : r.Normal(7.5 + (2.5 * severity), 2, 2.5, 30);
        AddReport(record, encounter, taken, FullBloodCount,
        [
            (Haemoglobin, r.Normal((female ? 132 : 145) - (5 * severity), 12, 60, 190)),
            (WhiteCells, whiteCells),
            (Platelets, neutropenic ? r.Normal(60, 30, 5, 140) : r.Normal(260, 60, 40, 650)),
        ]);
        AddReport(record, encounter, taken, RenalPanel,
        [
            (Sodium, r.Normal(139 - severity, 3, 118, 155)),
            (Potassium, r.Normal(4.3, 0.4 + (0.1 * severity), 2.6, 6.8)),
            (Urea, r.Normal(5.5 + (1.5 * severity) + (kidneyDisease ? 5 : 0), 1.8, 1.5, 40)),
            (Creatinine, r.Normal((female ? 68 : 85) + (15 * severity) + (kidneyDisease ? 60 : 0), 15, 30, 600)),
        ]);
        var crp = severity switch
        {
            0 => r.Normal(3, 2, 0.5, 12),
            1 => r.Normal(35, 20, 5, 120),
            2 => r.Normal(120, 50, 20, 300),
            _ => r.Normal(220, 70, 60, 450),
        };
        AddReport(record, encounter, taken, Crp.Code, [(Crp, crp)]);
    }

    /// <summary>An HbA1c, for people with diabetes seen in clinic.</summary>
    public static void AddHbA1c(PatientRecord record, Encounter encounter, DateTimeOffset taken) =>
        AddReport(record, encounter, taken, HbA1c.Code, [(HbA1c, record.Random.Normal(58, 12, 38, 120))]);

    private static void AddReport(PatientRecord record, Encounter encounter, DateTimeOffset taken, Term code, (LabTest Test, double Value)[] results)
    {
        var issued = taken.AddMinutes(record.Random.Between(45, 180));
        var observations = results.Select(result => AddResult(record, encounter, taken, issued, result.Test, result.Value)).ToList();
        record.Builder.Add(
            new DiagnosticReport
            {
                Status = DiagnosticReport.DiagnosticReportStatus.Final,
                Category = [Term.Concept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
                Code = code.ToConcept(),
                Subject = record.Subject,
                Encounter = RecordBuilder.Ref(encounter),
                Effective = new FhirDateTime(LondonTime.Format(taken)),
                Issued = LondonTime.ToLocal(issued),
                Performer = [RecordBuilder.Ref(record.Hospital.Trust, record.Hospital.Trust.Name)],
                Result = observations.Select(o => RecordBuilder.Ref(o)).ToList(),
            },
            "DiagnosticReport-Lab");
    }

    private static Observation AddResult(PatientRecord record, Encounter encounter, DateTimeOffset taken, DateTimeOffset issued, LabTest test, double raw)
    {
        var female = record.Gender == AdministrativeGender.Female;
        var low = female ? test.LowFemale ?? test.Low : test.Low;
        var high = female ? test.HighFemale ?? test.High : test.High;
        var value = Math.Round((decimal)raw, test.Decimals, MidpointRounding.AwayFromZero);
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Category = [Term.Concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")],
            Code = test.Code.ToConcept(),
            Subject = record.Subject,
            Encounter = RecordBuilder.Ref(encounter),
            Effective = new FhirDateTime(LondonTime.Format(taken)),
            Issued = LondonTime.ToLocal(issued),
            Performer = [RecordBuilder.Ref(record.Hospital.Trust, record.Hospital.Trust.Name)],
            Value = Quantity(value, test.Unit),
            ReferenceRange = [new Observation.ReferenceRangeComponent { Low = Quantity(low, test.Unit), High = Quantity(high, test.Unit) }],
        };
        if (value > high || value < low)
        {
            var isHigh = value > high;
            observation.Interpretation =
            [
                Term.Concept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", isHigh ? "H" : "L", isHigh ? "High" : "Low"),
            ];
        }

        return record.Builder.Add(observation, "Observation-Lab");
    }

    private static Quantity Quantity(decimal value, string unit) => new() { Value = value, Unit = unit, System = Term.UcumSystem, Code = unit };
}
