using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// One set of NEWS2 observations (Royal College of Physicians, scale 1): respiratory rate, SpO2, air or oxygen, systolic
/// blood pressure (as the UK Core blood pressure panel), pulse, consciousness (ACVPU) and temperature, each in its UK
/// Core profile, and the NEWS2 total score derived from them with its seven sub-scores, codes as in UK Core's NEWS2 example.
/// </summary>
internal static class VitalSigns
{
    private const string Category = "http://terminology.hl7.org/CodeSystem/observation-category";

    private static readonly Term[] Consciousness =
    [
        Term.Snomed("248234008", "Mentally alert"), Term.Snomed("130987000", "Acute confusion"),
        Term.Snomed("300202002", "Responds to voice"), Term.Snomed("450847001", "Responds to pain"), Term.Snomed("422768004", "Unresponsive"),
    ];

    /// <summary>Adds a set taken at <paramref name="when"/> by <paramref name="performer"/>; severity 0 (well) to 3 (critically ill).</summary>
    public static int Add(PatientRecord record, Encounter encounter, DateTimeOffset when, int severity, Clinician performer, bool confused = false)
    {
        var r = record.Random;
        var onOxygen = severity > 0 && r.Chance(severity switch { 1 => 0.1, 2 => 0.4, _ => 0.8 });
        var respiratoryRate = (int)Math.Round(r.Normal(16 + (3.5 * severity), 2 + severity, 8, 40));
        var saturation = (int)Math.Round(r.Normal(97 - (2.5 * severity) + (onOxygen ? 2 : 0), 1.2 + severity, 80, 100));
        var systolic = (int)Math.Round(r.Normal(128 - (12 * severity), 14, 70, 210));
        var diastolic = (int)Math.Round(Math.Clamp((systolic * 0.6) + r.Normal(0, 7), 35, 130));
        var pulse = (int)Math.Round(r.Normal(76 + (15 * severity), 10 + (2 * severity), 38, 170));
        var temperature = Math.Round((decimal)r.Normal(36.8 + (0.7 * severity), 0.3 + (0.15 * severity), 34.5, 41.0), 1);
        var acvpu = confused || (severity >= 2 && r.Chance(severity == 2 ? 0.12 : 0.3))
            ? (severity == 3 && r.Chance(0.3) ? Consciousness[r.Between(2, 4)] : Consciousness[1])
            : Consciousness[0];

        var time = new FhirDateTime(LondonTime.Format(when));
        Observation Vital(string profile, Term snomed, Term loinc, decimal value, string unit, string ucum)
        {
            var observation = Base(record, encounter, time, performer, "vital-signs", "Vital Signs");
            observation.Code = new CodeableConcept { Coding = [snomed.ToCoding(), loinc.ToCoding()], Text = loinc.Display };
            observation.Value = new Quantity { Value = value, Unit = unit, System = Term.UcumSystem, Code = ucum };
            return record.Builder.Add(observation, profile);
        }

        var inputs = new List<Observation>
        {
            Vital("Observation-VitalSigns-RespirationRate", Term.Snomed("86290005", "Respiratory rate"), Term.Loinc("9279-1", "Respiratory rate"), respiratoryRate, "per minute", "/min"),
            Vital("Observation-VitalSigns-OxygenSaturation", Term.Snomed("431314004", "Peripheral oxygen saturation"), Term.Loinc("2708-6", "Oxygen saturation in Arterial blood"), saturation, "percent", "%"),
        };

        var air = Base(record, encounter, time, performer, null, null);
        air.Code = (onOxygen ? Term.Snomed("371825009", "Patient on oxygen") : Term.Snomed("722742002", "Breathing room air")).ToConcept();
        inputs.Add(record.Builder.Add(air, "Observation-InspiredOxygen"));

        var pressure = Base(record, encounter, time, performer, "vital-signs", "Vital Signs");
        pressure.Code = new CodeableConcept
        {
            Coding = [Term.Snomed("75367002", "Blood pressure").ToCoding(), Term.Loinc("85354-9", "Blood pressure panel with all children optional").ToCoding()],
            Text = "Blood pressure",
        };
        pressure.Component =
        [
            Pressure(Term.Snomed("72313002", "Systolic arterial pressure"), Term.Loinc("8480-6", "Systolic blood pressure"), systolic),
            Pressure(Term.Snomed("1091811000000102", "Diastolic arterial pressure"), Term.Loinc("8462-4", "Diastolic blood pressure"), diastolic),
        ];
        inputs.Add(record.Builder.Add(pressure, "Observation-VitalSigns-BloodPressure"));

        inputs.Add(Vital("Observation-VitalSigns-HeartRate", Term.Snomed("364075005", "Heart rate"), Term.Loinc("8867-4", "Heart rate"), pulse, "per minute", "/min"));

        var consciousness = Base(record, encounter, time, performer, "survey", "Survey");
        consciousness.Code = Term.Snomed("1104441000000107", "ACVPU (Alert Confusion Voice Pain Unresponsive) scale score").ToConcept();
        consciousness.Value = acvpu.ToConcept();
        inputs.Add(record.Builder.Add(consciousness, "Observation-ACVPU"));

        inputs.Add(Vital("Observation-VitalSigns-BodyTemperature", Term.Snomed("276885007", "Core body temperature"), Term.Loinc("8310-5", "Body temperature"), temperature, "degree Celsius", "Cel"));

        var scores = new (Term Code, int Score)[]
        {
            (Term.Snomed("1104301000000104", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - respiration rate score"), RespirationScore(respiratoryRate)),
            (Term.Snomed("1104311000000102", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - oxygen saturation scale 1 score"), SaturationScore(saturation)),
            (Term.Snomed("1104331000000105", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - air or oxygen score"), onOxygen ? 2 : 0),
            (Term.Snomed("1104341000000101", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - systolic blood pressure score"), SystolicScore(systolic)),
            (Term.Snomed("1104351000000103", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - pulse score"), PulseScore(pulse)),
            (Term.Snomed("1104361000000100", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - consciousness score"), acvpu == Consciousness[0] ? 0 : 3),
            (Term.Snomed("1104371000000107", "Royal College of Physicians NEWS2 (National Early Warning Score 2) - temperature score"), TemperatureScore(temperature)),
        };
        var total = scores.Sum(s => s.Score);
        var news = Base(record, encounter, time, performer, "survey", "Survey");
        news.Code = Term.Snomed("1104051000000101", "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score").ToConcept();
        news.Value = Score(total);
        news.Component = scores.Select(s => new Observation.ComponentComponent { Code = s.Code.ToConcept(), Value = Score(s.Score) }).ToList();
        news.DerivedFrom = inputs.Select(i => RecordBuilder.Ref(i)).ToList();
        record.Builder.Add(news, "Observation-EarlyWarningTotalScore");
        return total;
    }

    public static int RespirationScore(int rate) => rate switch { <= 8 => 3, <= 11 => 1, <= 20 => 0, <= 24 => 2, _ => 3 };

    public static int SaturationScore(int spo2) => spo2 switch { <= 91 => 3, <= 93 => 2, <= 95 => 1, _ => 0 };

    public static int SystolicScore(int systolic) => systolic switch { <= 90 => 3, <= 100 => 2, <= 110 => 1, <= 219 => 0, _ => 3 };

    public static int PulseScore(int pulse) => pulse switch { <= 40 => 3, <= 50 => 1, <= 90 => 0, <= 110 => 1, <= 130 => 2, _ => 3 };

    public static int TemperatureScore(decimal celsius) => celsius switch { <= 35.0m => 3, <= 36.0m => 1, <= 38.0m => 0, <= 39.0m => 1, _ => 2 };

    private static Observation Base(PatientRecord record, Encounter encounter, FhirDateTime time, Clinician performer, string? category, string? categoryDisplay) => new()
    {
        Status = ObservationStatus.Final,
        Category = category is null ? [] : [Term.Concept(Category, category, categoryDisplay ?? category)],
        Subject = record.Subject,
        Encounter = RecordBuilder.Ref(encounter),
        Effective = (FhirDateTime)time.DeepCopy(),
        Performer = [performer.Reference],
    };

    private static Observation.ComponentComponent Pressure(Term snomed, Term loinc, int value) => new()
    {
        Code = new CodeableConcept { Coding = [loinc.ToCoding(), snomed.ToCoding()], Text = loinc.Display },
        Value = new Quantity { Value = value, Unit = "millimeter of mercury", System = Term.UcumSystem, Code = "mm[Hg]" },
    };

    private static Quantity Score(int score) => new() { Value = score, Unit = "ScoreOf", System = Term.UcumSystem, Code = "{ScoreOf}" };
}
