using Leodis.Fhir.Rest;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// Chooses the mapper for a message by MSH-9 and lets it plan the FHIR writes. ADT events A01-A05, A08 and the
/// cancellations A11-A13 update the patient and the encounter; A28 and A31 the patient only; A40 merges; ORU^R01
/// files results. Any other message is refused with an AE (200 or 201) and kept as a dead letter.
/// </summary>
internal sealed class MessageMapper(FhirEngine engine, Hl7v2Options options, DirectoryCache directory, string baseUrl)
{
    private static readonly string[] EncounterEvents = ["A01", "A02", "A03", "A04", "A05", "A08", "A11", "A12", "A13"];
    private readonly V2Types types = new(FindZone(options.TimeZone));

    public static bool IsSupported(Er7Message message) => (message.MessageCode, message.TriggerEvent) switch
    {
        ("ADT", var e) => EncounterEvents.Contains(e) || e is "A28" or "A31" or "A40",
        ("ORU", "R01") => true,
        _ => false,
    };

    /// <summary>The patients a message is about (hospital or NHS number), so that messages for one patient run in order.</summary>
    public static IReadOnlyList<string> PatientKeys(Er7Message message, Hl7v2Options options)
    {
        var keys = new List<string>();
        try
        {
            keys.AddRange(message.All("PID").Select(pid => PatientIdentifiers.Key(PatientIdentifiers.Read(pid, options), options)).OfType<string>());
            keys.AddRange(message.All("MRG").Select(mrg => PatientIdentifiers.Key(PatientIdentifiers.ReadList(mrg.Field(1), options), options)).OfType<string>());
        }
        catch (MappingException)
        {
            // The mapper refuses the message with this error later; ordering does not matter for a refusal.
        }

        return keys.Count > 0 ? keys.Distinct().ToList() : [$"message|{message.SendingApplication}|{message.ControlId}"];
    }

    public async Task<MessagePlan> MapAsync(Er7Message message, CancellationToken ct)
    {
        var context = new MappingContext(message, options, types, new RecordLookup(engine, baseUrl), directory);
        var patients = new PatientMapper(context);
        switch (message.MessageCode, message.TriggerEvent)
        {
            case ("ADT", "A40"):
                await new MergeMapper(context, patients).ApplyAsync(ct);
                break;
            case ("ADT", var trigger) when EncounterEvents.Contains(trigger) || trigger is "A28" or "A31":
                var patient = await patients.ApplyAsync(context.Require("PID"), ct);
                await new EncounterMapper(context).ApplyAsync(trigger, patient, ct);
                break;
            case ("ORU", "R01"):
                await new ResultMapper(context, patients).ApplyAsync(ct);
                break;
            case ("ADT" or "ORU", var trigger):
                throw new MappingException($"{message.MessageCode}^{trigger} is not an event this server applies.", "201", "MSH^1^9");
            default:
                throw new MappingException($"{message.MessageCode} messages are not applied by this server.", "200", "MSH^1^9");
        }

        return context.Plan;
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
