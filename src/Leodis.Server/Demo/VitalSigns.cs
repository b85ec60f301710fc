using Hl7.Fhir.Model;
using Leodis.Web.Observations;

namespace Leodis.Server.Demo;

/// <summary>
/// One set of NEWS2 observations (Royal College of Physicians, scale 1): respiratory rate, SpO2, air or oxygen, systolic
/// blood pressure (as the UK Core blood pressure panel), pulse, consciousness (ACVPU) and temperature, each in its UK
/// Core profile, and the NEWS2 total score derived from them with its seven sub-scores. The observations and the score
/// are the clinician UI's own (Leodis.Web.Observations), so the demo data is scored exactly as the wards score.
/// </summary>
internal static class VitalSigns
{
    /// <summary>Adds a set taken at <paramref name="when"/> by <paramref name="performer"/>; severity 0 (well) to 3 (critically ill).</summary>
    public static int Add(PatientRecord record, Encounter encounter, DateTimeOffset when, int severity, Clinician performer, bool confused = false)
    {
        // The draws and their order are unchanged from before the shared NEWS2, so a seed gives the same cohort as it did.
        var r = record.Random;
        var onOxygen = severity > 0 && r.Chance(severity switch { 1 => 0.1, 2 => 0.4, _ => 0.8 });
        var respiratoryRate = (int)Math.Round(r.Normal(16 + (3.5 * severity), 2 + severity, 8, 40));
        var saturation = (int)Math.Round(r.Normal(97 - (2.5 * severity) + (onOxygen ? 2 : 0), 1.2 + severity, 80, 100));
        var systolic = (int)Math.Round(r.Normal(128 - (12 * severity), 14, 70, 210));
        var diastolic = (int)Math.Round(Math.Clamp((systolic * 0.6) + r.Normal(0, 7), 35, 130));
        var pulse = (int)Math.Round(r.Normal(76 + (15 * severity), 10 + (2 * severity), 38, 170));
        var temperature = Math.Round((decimal)r.Normal(36.8 + (0.7 * severity), 0.3 + (0.15 * severity), 34.5, 41.0), 1);
        var consciousness = confused || (severity >= 2 && r.Chance(severity == 2 ? 0.12 : 0.3))
            ? (severity == 3 && r.Chance(0.3) ? (Consciousness)r.Between((int)Consciousness.Voice, (int)Consciousness.Unresponsive) : Consciousness.NewConfusion)
            : Consciousness.Alert;

        var inputs = new News2Inputs
        {
            RespirationRate = respiratoryRate,
            OxygenSaturation = saturation,
            AirOrOxygen = onOxygen ? AirOrOxygen.Oxygen : AirOrOxygen.Air,
            SystolicBloodPressure = systolic,
            DiastolicBloodPressure = diastolic,
            Pulse = pulse,
            Consciousness = consciousness,
            Temperature = temperature,
        };
        var context = new ObservationContext(record.Subject, RecordBuilder.Ref(encounter), performer.Reference, LondonTime.ToLocal(when));
        var observations = VitalSignsObservations.Create(inputs, context);
        foreach (var observation in observations)
        {
            Add(record, observation);
        }

        var score = News2Chart.Score(inputs);
        Add(record, News2ScoreObservation.Create(score, context, observations));
        return score.Total ?? throw new InvalidOperationException("A generated set records all seven NEWS2 parameters.");
    }

    // The builder gives the id from the seeded stream and writes meta afresh, keeping the UK Core profile the
    // observation was built with.
    private static void Add(PatientRecord record, Observation observation)
    {
        var profile = observation.Meta?.Profile.SingleOrDefault() ?? throw new InvalidOperationException("Each eObs observation has its UK Core profile.");
        record.Builder.Add(observation, profile[UkCore.ProfileBase.Length..]);
    }
}
