using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

public sealed partial record News2Inputs
{
    /// <summary>
    /// The latest recorded value of each parameter among <paramref name="observations"/> (by effective time), reading the
    /// codes <see cref="VitalSignsObservations"/> writes and the common alternatives. Observations entered in error,
    /// cancelled or not yet resulted are skipped, as are values in a unit the chart does not use, so the parameter is
    /// missing rather than misread. The SpO2 scale, unless given, is the one the latest NEWS2 score was scored on: scale 2
    /// is a standing clinical decision, not something each set records.
    /// </summary>
    public static News2Inputs From(IEnumerable<Observation> observations, SpO2Scale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var usable = observations.Where(o => o.Status is ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected or ObservationStatus.Preliminary)
            .OrderByDescending(Effective)
            .ToList();

        // The latest observation of a parameter decides it, even if its value cannot be read: an older value must not
        // stand in for a newer one silently.
        T? Latest<T>(Func<Observation, bool> isParameter, Func<Observation, T?> read)
            where T : struct => usable.FirstOrDefault(isParameter) is { } latest ? read(latest) : null;

        return new News2Inputs
        {
            RespirationRate = Latest(o => Coded(o, News2Codes.RespiratoryRate, News2Codes.RespiratoryRateLoinc), o => PerMinute(o.Value)),
            OxygenSaturation = Latest(o => Coded(o, [News2Codes.OxygenSaturation, News2Codes.OxygenSaturationLoinc, .. News2Codes.OtherOxygenSaturation]), o => Percent(o.Value)),
            SpO2Scale = scale ?? usable.Select(News2ScoreObservation.ReadScale).FirstOrDefault(s => s is not null) ?? SpO2Scale.Scale1,
            AirOrOxygen = Latest(o => ReadAirOrOxygen(o) is not null, ReadAirOrOxygen),
            SystolicBloodPressure = Latest(
                o => HasPressure(o, News2Codes.SystolicPressure, News2Codes.SystolicPressureLoinc),
                o => ReadPressure(o, News2Codes.SystolicPressure, News2Codes.SystolicPressureLoinc)),
            DiastolicBloodPressure = Latest(
                o => HasPressure(o, News2Codes.DiastolicPressure, News2Codes.DiastolicPressureLoinc),
                o => ReadPressure(o, News2Codes.DiastolicPressure, News2Codes.DiastolicPressureLoinc)),
            Pulse = Latest(o => Coded(o, News2Codes.HeartRate, News2Codes.HeartRateLoinc, News2Codes.PulseRate), o => PerMinute(o.Value)),
            Consciousness = Latest(o => News2Codes.Acvpu.In(o.Code), o => ReadConsciousness(o.Value as CodeableConcept)),
            Temperature = Latest(o => Coded(o, News2Codes.BodyTemperature, News2Codes.BodyTemperatureLoinc), o => Celsius(o.Value)),
        };
    }

    // Observations with no effective time sort last: they cannot be shown to be the latest.
    private static DateTimeOffset Effective(Observation observation) => observation.Effective switch
    {
        FhirDateTime dateTime when dateTime.TryToDateTimeOffset(out var at) => at,
        Period { StartElement: { } start } when start.TryToDateTimeOffset(out var at) => at,
        Instant { Value: { } at } => at,
        _ => DateTimeOffset.MinValue,
    };

    private static bool Coded(Observation observation, params ClinicalCode[] codes) => codes.Any(c => c.In(observation.Code));

    private static decimal? PerMinute(DataType? value) => Measured(value, "/min", "{breaths}/min", "{beats}/min");

    private static decimal? Percent(DataType? value) => Measured(value, "%");

    private static decimal? Celsius(DataType? value) => value is Quantity { Code: "[degF]", Value: { } fahrenheit }
        ? Math.Round((fahrenheit - 32) * 5 / 9, 2, MidpointRounding.AwayFromZero)
        : Measured(value, "Cel");

    // A quantity with no UCUM code is taken in the chart's unit: that is what a bare number on an eObs form means.
    private static decimal? Measured(DataType? value, params string[] ucum) => value is Quantity { Value: { } amount } quantity
        && amount >= 0
        && (quantity.Code is null || ucum.Contains(quantity.Code, StringComparer.Ordinal))
        ? amount
        : null;

    // A pressure is either its own observation or a component of the blood pressure panel.
    private static bool HasPressure(Observation observation, ClinicalCode snomed, ClinicalCode loinc) =>
        Coded(observation, snomed, loinc) || observation.Component.Any(c => snomed.In(c.Code) || loinc.In(c.Code));

    private static decimal? ReadPressure(Observation observation, ClinicalCode snomed, ClinicalCode loinc) => Measured(
        Coded(observation, snomed, loinc) ? observation.Value : observation.Component.FirstOrDefault(c => snomed.In(c.Code) || loinc.In(c.Code))?.Value,
        "mm[Hg]");

    private static AirOrOxygen? ReadAirOrOxygen(Observation observation) =>
        News2Codes.PatientOnOxygen.In(observation.Code) || News2Codes.PatientOnOxygen.In(observation.Value as CodeableConcept) ? Observations.AirOrOxygen.Oxygen
        : News2Codes.BreathingRoomAir.In(observation.Code) || News2Codes.BreathingRoomAir.In(observation.Value as CodeableConcept) ? Observations.AirOrOxygen.Air
        : null;

    private static Consciousness? ReadConsciousness(CodeableConcept? value)
    {
        foreach (var level in Enum.GetValues<Consciousness>())
        {
            if (News2Codes.For(level).In(value))
            {
                return level;
            }
        }

        return null;
    }
}
