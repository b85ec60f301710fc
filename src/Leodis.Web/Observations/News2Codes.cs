namespace Leodis.Web.Observations;

/// <summary>
/// The codes of the eObs observations and the NEWS2 score, as UK Core and NHS England's NEWS2 guidance code them
/// (SNOMED CT UK edition and LOINC), for building them and for searching for them.
/// </summary>
public static class News2Codes
{
    private const string Rcp = "Royal College of Physicians NEWS2 (National Early Warning Score 2)";

    public static readonly ClinicalCode RespiratoryRate = ClinicalCode.Sct("86290005", "Respiratory rate");
    public static readonly ClinicalCode RespiratoryRateLoinc = ClinicalCode.Lnc("9279-1", "Respiratory rate");

    public static readonly ClinicalCode OxygenSaturation = ClinicalCode.Sct("431314004", "Peripheral oxygen saturation");
    public static readonly ClinicalCode OxygenSaturationLoinc = ClinicalCode.Lnc("2708-6", "Oxygen saturation in Arterial blood");

    /// <summary>Other codes for SpO2 that other systems send: pulse oximetry (LOINC) and haemoglobin saturation (SNOMED).</summary>
    public static readonly IReadOnlyList<ClinicalCode> OtherOxygenSaturation =
        [ClinicalCode.Lnc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"), ClinicalCode.Sct("103228002", "Hemoglobin saturation with oxygen")];

    // UK Core's InspiredOxygen observation says air or oxygen in its code, with no value.
    public static readonly ClinicalCode BreathingRoomAir = ClinicalCode.Sct("722742002", "Breathing room air");
    public static readonly ClinicalCode PatientOnOxygen = ClinicalCode.Sct("371825009", "Patient on oxygen");

    public static readonly ClinicalCode BloodPressure = ClinicalCode.Sct("75367002", "Blood pressure");
    public static readonly ClinicalCode BloodPressureLoinc = ClinicalCode.Lnc("85354-9", "Blood pressure panel with all children optional");
    public static readonly ClinicalCode SystolicPressure = ClinicalCode.Sct("72313002", "Systolic arterial pressure");
    public static readonly ClinicalCode SystolicPressureLoinc = ClinicalCode.Lnc("8480-6", "Systolic blood pressure");
    public static readonly ClinicalCode DiastolicPressure = ClinicalCode.Sct("1091811000000102", "Diastolic arterial pressure");
    public static readonly ClinicalCode DiastolicPressureLoinc = ClinicalCode.Lnc("8462-4", "Diastolic blood pressure");

    public static readonly ClinicalCode HeartRate = ClinicalCode.Sct("364075005", "Heart rate");
    public static readonly ClinicalCode HeartRateLoinc = ClinicalCode.Lnc("8867-4", "Heart rate");
    public static readonly ClinicalCode PulseRate = ClinicalCode.Sct("78564009", "Pulse rate");

    public static readonly ClinicalCode Acvpu = ClinicalCode.Sct("1104441000000107", "ACVPU (Alert Confusion Voice Pain Unresponsive) scale score");
    public static readonly ClinicalCode Alert = ClinicalCode.Sct("248234008", "Mentally alert");
    public static readonly ClinicalCode NewConfusion = ClinicalCode.Sct("130987000", "Acute confusion");
    public static readonly ClinicalCode Voice = ClinicalCode.Sct("300202002", "Responds to voice");
    public static readonly ClinicalCode Pain = ClinicalCode.Sct("450847001", "Responds to pain");
    public static readonly ClinicalCode Unresponsive = ClinicalCode.Sct("422768004", "Unresponsive");

    public static readonly ClinicalCode BodyTemperature = ClinicalCode.Sct("276885007", "Core body temperature");
    public static readonly ClinicalCode BodyTemperatureLoinc = ClinicalCode.Lnc("8310-5", "Body temperature");

    public static readonly ClinicalCode TotalScore = ClinicalCode.Sct("1104051000000101", Rcp + " total score");
    public static readonly ClinicalCode RespirationRateScore = ClinicalCode.Sct("1104301000000104", Rcp + " - respiration rate score");
    public static readonly ClinicalCode OxygenSaturationScale1Score = ClinicalCode.Sct("1104311000000102", Rcp + " - oxygen saturation scale 1 score");
    public static readonly ClinicalCode OxygenSaturationScale2Score = ClinicalCode.Sct("1104321000000108", Rcp + " - oxygen saturation scale 2 score");
    public static readonly ClinicalCode AirOrOxygenScore = ClinicalCode.Sct("1104331000000105", Rcp + " - air or oxygen score");
    public static readonly ClinicalCode SystolicBloodPressureScore = ClinicalCode.Sct("1104341000000101", Rcp + " - systolic blood pressure score");
    public static readonly ClinicalCode PulseScore = ClinicalCode.Sct("1104351000000103", Rcp + " - pulse score");
    public static readonly ClinicalCode ConsciousnessScore = ClinicalCode.Sct("1104361000000100", Rcp + " - consciousness score");
    public static readonly ClinicalCode TemperatureScore = ClinicalCode.Sct("1104371000000107", Rcp + " - temperature score");

    /// <summary>The ACVPU answer code of each level, in <see cref="Consciousness"/> order.</summary>
    public static ClinicalCode For(Consciousness level) => level switch
    {
        Consciousness.Alert => Alert,
        Consciousness.NewConfusion => NewConfusion,
        Consciousness.Voice => Voice,
        Consciousness.Pain => Pain,
        Consciousness.Unresponsive => Unresponsive,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The sub-score component code of a parameter; SpO2's depends on the scale.</summary>
    public static ClinicalCode ScoreOf(News2Parameter parameter, SpO2Scale scale) => parameter switch
    {
        News2Parameter.RespirationRate => RespirationRateScore,
        News2Parameter.OxygenSaturation => scale == SpO2Scale.Scale2 ? OxygenSaturationScale2Score : OxygenSaturationScale1Score,
        News2Parameter.AirOrOxygen => AirOrOxygenScore,
        News2Parameter.SystolicBloodPressure => SystolicBloodPressureScore,
        News2Parameter.Pulse => PulseScore,
        News2Parameter.Consciousness => ConsciousnessScore,
        News2Parameter.Temperature => TemperatureScore,
        _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
    };
}
