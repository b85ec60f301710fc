using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>
/// Builds the UK Core observations of one recorded eObs set: respiratory rate, SpO2, air or oxygen, blood pressure panel,
/// heart rate, ACVPU and temperature, in the chart's order, one for each parameter that was recorded.
/// </summary>
public static class VitalSignsObservations
{
    private const string VitalSigns = "vital-signs";
    private const string Survey = "survey";

    /// <summary>The observations, without ids: the caller gives them ids (and so references) as it stores them.</summary>
    public static IReadOnlyList<Observation> Create(News2Inputs inputs, ObservationContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var observations = new List<Observation>();
        if (inputs.RespirationRate is { } rate)
        {
            observations.Add(Vital(context, "Observation-VitalSigns-RespirationRate", News2Codes.RespiratoryRate, News2Codes.RespiratoryRateLoinc, Quantity(rate, "per minute", "/min")));
        }

        if (inputs.OxygenSaturation is { } spo2)
        {
            observations.Add(Vital(context, "Observation-VitalSigns-OxygenSaturation", News2Codes.OxygenSaturation, News2Codes.OxygenSaturationLoinc, Quantity(spo2, "percent", "%")));
        }

        if (inputs.AirOrOxygen is { } air)
        {
            var inspired = context.NewObservation("Observation-InspiredOxygen", null, null);
            inspired.Code = (air == AirOrOxygen.Oxygen ? News2Codes.PatientOnOxygen : News2Codes.BreathingRoomAir).ToConcept();
            observations.Add(inspired);
        }

        if (inputs.SystolicBloodPressure is not null || inputs.DiastolicBloodPressure is not null)
        {
            var pressure = context.NewObservation("Observation-VitalSigns-BloodPressure", VitalSigns, "Vital Signs");
            pressure.Code = Concept(News2Codes.BloodPressure, News2Codes.BloodPressureLoinc, News2Codes.BloodPressure.Display);
            if (inputs.SystolicBloodPressure is { } systolic)
            {
                pressure.Component.Add(Pressure(News2Codes.SystolicPressureLoinc, News2Codes.SystolicPressure, systolic));
            }

            if (inputs.DiastolicBloodPressure is { } diastolic)
            {
                pressure.Component.Add(Pressure(News2Codes.DiastolicPressureLoinc, News2Codes.DiastolicPressure, diastolic));
            }

            observations.Add(pressure);
        }

        if (inputs.Pulse is { } pulse)
        {
            observations.Add(Vital(context, "Observation-VitalSigns-HeartRate", News2Codes.HeartRate, News2Codes.HeartRateLoinc, Quantity(pulse, "per minute", "/min")));
        }

        if (inputs.Consciousness is { } level)
        {
            var acvpu = context.NewObservation("Observation-ACVPU", Survey, "Survey");
            acvpu.Code = News2Codes.Acvpu.ToConcept();
            acvpu.Value = News2Codes.For(level).ToConcept();
            observations.Add(acvpu);
        }

        if (inputs.Temperature is { } celsius)
        {
            observations.Add(Vital(context, "Observation-VitalSigns-BodyTemperature", News2Codes.BodyTemperature, News2Codes.BodyTemperatureLoinc, Quantity(celsius, "degree Celsius", "Cel")));
        }

        return observations;
    }

    private static Observation Vital(ObservationContext context, string profile, ClinicalCode snomed, ClinicalCode loinc, Quantity value)
    {
        var observation = context.NewObservation(profile, VitalSigns, "Vital Signs");
        observation.Code = Concept(snomed, loinc, loinc.Display);
        observation.Value = value;
        return observation;
    }

    private static Observation.ComponentComponent Pressure(ClinicalCode loinc, ClinicalCode snomed, decimal mmHg) => new()
    {
        Code = Concept(loinc, snomed, loinc.Display),
        Value = Quantity(mmHg, "millimeter of mercury", "mm[Hg]"),
    };

    private static CodeableConcept Concept(ClinicalCode first, ClinicalCode second, string text) =>
        new() { Coding = [first.ToCoding(), second.ToCoding()], Text = text };

    private static Quantity Quantity(decimal value, string unit, string ucum) =>
        new() { Value = value, Unit = unit, System = ClinicalCode.Ucum, Code = ucum };
}
