using System.Globalization;

namespace Leodis.Web.Observations;

/// <summary>
/// What the eObs form holds while a nurse types: the fields as text (so a half-typed value is kept as typed), the checks
/// of each against what a body can measure, and the <see cref="News2Inputs"/> of the fields that are valid so far.
/// </summary>
public sealed class EobsForm
{
    public string RespirationRate { get; set; } = string.Empty;

    public string OxygenSaturation { get; set; } = string.Empty;

    public SpO2Scale SpO2Scale { get; set; } = SpO2Scale.Scale1;

    public AirOrOxygen? AirOrOxygen { get; set; }

    public string OxygenDevice { get; set; } = string.Empty;

    public string OxygenFlowRate { get; set; } = string.Empty;

    public string Systolic { get; set; } = string.Empty;

    public string Diastolic { get; set; } = string.Empty;

    public string Pulse { get; set; } = string.Empty;

    public Consciousness? Consciousness { get; set; }

    public string Temperature { get; set; } = string.Empty;

    /// <summary>The devices a ward chooses from, as the BTS oxygen guideline names them.</summary>
    public static IReadOnlyList<string> OxygenDevices { get; } =
        ["Nasal cannulae", "Simple face mask", "Venturi mask", "Reservoir (non-rebreather) mask", "Humidified oxygen", "High-flow nasal oxygen", "CPAP", "NIV"];

    /// <summary>The field's problem, or null when it is empty or valid: an empty field is "not recorded", never an error.</summary>
    public string? Error(string field) => field switch
    {
        nameof(RespirationRate) => Check(RespirationRate, 0, 80, whole: true, "Respiration rate", "breaths per minute"),
        nameof(OxygenSaturation) => Check(OxygenSaturation, 50, 100, whole: true, "SpO2", "%"),
        nameof(OxygenFlowRate) => Check(OxygenFlowRate, 0, 60, whole: false, "Oxygen flow rate", "litres per minute"),
        nameof(Systolic) => Check(Systolic, 30, 300, whole: true, "Systolic blood pressure", "mmHg"),
        nameof(Diastolic) => Check(Diastolic, 10, 200, whole: true, "Diastolic blood pressure", "mmHg")
            ?? (Number(Diastolic) is { } d && Number(Systolic) is { } s && d >= s ? "Diastolic pressure must be lower than systolic." : null),
        nameof(Pulse) => Check(Pulse, 20, 300, whole: true, "Pulse", "beats per minute"),
        nameof(Temperature) => Check(Temperature, 25, 45, whole: false, "Temperature", "°C"),
        _ => null,
    };

    public static IReadOnlyList<string> Fields { get; } =
        [nameof(RespirationRate), nameof(OxygenSaturation), nameof(OxygenFlowRate), nameof(Systolic), nameof(Diastolic), nameof(Pulse), nameof(Temperature)];

    public bool IsValid => Fields.All(f => Error(f) is null);

    public bool IsEmpty => Inputs() == new News2Inputs { SpO2Scale = SpO2Scale };

    /// <summary>The inputs of the fields valid so far; an invalid field counts as not recorded, so the score never uses it.</summary>
    public News2Inputs Inputs() => new()
    {
        RespirationRate = Valid(nameof(RespirationRate), RespirationRate),
        OxygenSaturation = Valid(nameof(OxygenSaturation), OxygenSaturation),
        SpO2Scale = SpO2Scale,
        AirOrOxygen = AirOrOxygen,
        SystolicBloodPressure = Valid(nameof(Systolic), Systolic),
        DiastolicBloodPressure = Valid(nameof(Diastolic), Diastolic),
        Pulse = Valid(nameof(Pulse), Pulse),
        Consciousness = Consciousness,
        Temperature = Valid(nameof(Temperature), Temperature),
    };

    /// <summary>The flow rate when the patient is on oxygen and it was given.</summary>
    public decimal? FlowRate => AirOrOxygen == Observations.AirOrOxygen.Oxygen ? Valid(nameof(OxygenFlowRate), OxygenFlowRate) : null;

    private decimal? Valid(string field, string text) => Error(field) is null ? Number(text) : null;

    private static decimal? Number(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? Check(string text, decimal min, decimal max, bool whole, string name, string unit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Number(text) is not { } value || (whole && value != decimal.Truncate(value)))
        {
            return whole ? $"{name} must be a whole number." : $"{name} must be a number, like 37.2.";
        }

        return value < min || value > max
            ? string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} {unit}.")
            : null;
    }
}
