using System.Text;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Leodis.Hl7v2.Delivery;
using Leodis.Server.Audit;

namespace Leodis.Server.Hl7v2;

/// <summary>
/// The feed's HTTP API: counters, and the dead-letter store (messages answered AE or AR) to list, inspect and replay.
/// Dead letters are the MessageHeaders tagged failed or rejected, with the raw message in the Binary of the same id.
/// </summary>
public static class Hl7v2Endpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/metrics", (Hl7v2Counters counters) => TypedResults.Ok(counters.Snapshot()));
        group.MapGet("/dead-letters", ListAsync);
        group.MapGet("/dead-letters/{id}", InspectAsync);
        group.MapPost("/dead-letters/{id}/replay", ReplayAsync);
    }

    private static async Task<IResult> ListAsync(FhirEngine engine, CancellationToken ct, int count = 100)
    {
        var tags = string.Join(",", new[] { DeliveryStatus.Failed, DeliveryStatus.Rejected }.Select(s => $"{MessageRecord.StatusSystem}|{MessageRecord.Code(s)}"));
        var query = new List<KeyValuePair<string, string>> { new("_tag", tags), new("_sort", "-_lastUpdated"), new("_count", Math.Clamp(count, 1, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        var response = await engine.ExecuteAsync(new FhirRequest("GET", "MessageHeader", query), MessageProcessor.BaseUrl, ct);
        var letters = response.Search?.Entries
            .Select(e => e.Resource.Json is { } json ? Summary((MessageHeader)FhirFormat.ParseStored(json), e.Resource.LastUpdated) : null)
            .OfType<DeadLetter>()
            .ToList() ?? [];
        return TypedResults.Ok(letters);
    }

    /// <summary>Shows a raw message, which holds patient data: audited, naming the patients the message was about.</summary>
    private static async Task<IResult> InspectAsync(string id, HttpContext context, FhirEngine engine, AuditRecorder audit, CancellationToken ct)
    {
        var header = await ReadAsync<MessageHeader>(engine, "MessageHeader", id, ct);
        var patients = new HashSet<string>(StringComparer.Ordinal);
        if (header is not null)
        {
            PatientReferences.Add(header, patients);
        }

        await audit.RecordAsync(context, new AuditFacts("dead-letter-read", AuditEvent.AuditEventAction.R, header is null ? 404 : 200)
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = patients,
            What = [$"MessageHeader/{id}", $"Binary/{id}"],
            Query = $"GET /hl7v2/dead-letters/{id}",
        }, ct);
        if (header is null)
        {
            return TypedResults.NotFound();
        }

        var raw = await ReadAsync<Binary>(engine, "Binary", id, ct);
        var summary = Summary(header, header.Meta?.LastUpdated ?? DateTimeOffset.MinValue);
        return TypedResults.Ok(new DeadLetterDetail(
            summary,
            MessageRecord.Text(header, MessageRecord.AckUrl),
            raw?.Data is { } data ? Encoding.UTF8.GetString(data) : null));
    }

    private static async Task<IResult> ReplayAsync(string id, HttpContext context, MessageProcessor processor, FhirEngine engine, AuditRecorder audit, CancellationToken ct)
    {
        var result = await processor.ReplayAsync(id, ct);
        var patients = new HashSet<string>(StringComparer.Ordinal);
        if (await ReadAsync<MessageHeader>(engine, "MessageHeader", id, ct) is { } header)
        {
            PatientReferences.Add(header, patients);
        }

        await audit.RecordAsync(context, new AuditFacts("dead-letter-replay", AuditEvent.AuditEventAction.E, result.Outcome switch
        {
            ReplayOutcome.NotFound => 404,
            ReplayOutcome.NotReplayable => 409,
            _ => 200,
        })
        {
            SubtypeSystem = AuditFacts.LeodisInteraction,
            Patients = patients,
            What = [$"MessageHeader/{id}"],
            Query = $"POST /hl7v2/dead-letters/{id}/replay",
        }, ct);
        return result.Outcome switch
        {
            ReplayOutcome.NotFound => TypedResults.NotFound(),
            ReplayOutcome.NotReplayable => TypedResults.Conflict(new ReplayAnswer(id, "not-replayable", AckCode(result.Ack), result.Ack)),
            _ => TypedResults.Ok(new ReplayAnswer(id, "replayed", AckCode(result.Ack), result.Ack)),
        };
    }

    private static DeadLetter Summary(MessageHeader header, DateTimeOffset recorded) => new(
        header.Id ?? string.Empty,
        MessageRecord.StatusOf(header) is { } status ? MessageRecord.Code(status) : "unknown",
        MessageRecord.Text(header, MessageRecord.MessageTypeUrl),
        MessageRecord.Text(header, MessageRecord.ControlIdUrl),
        MessageRecord.Text(header, MessageRecord.ErrorUrl),
        recorded);

    /// <summary>MSA-1 of an ACK: AA, AE or AR.</summary>
    private static string? AckCode(string? ack) =>
        ack?.Split('\r').FirstOrDefault(s => s.StartsWith("MSA", StringComparison.Ordinal)) is { Length: >= 6 } msa ? msa[4..6] : null;

    private static async Task<T?> ReadAsync<T>(FhirEngine engine, string type, string id, CancellationToken ct)
        where T : Resource
    {
        try
        {
            return (await engine.ExecuteAsync(new FhirRequest("GET", $"{type}/{id}", []), MessageProcessor.BaseUrl, ct)).ResourceOrParsed() as T;
        }
        catch (FhirException e) when (e.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
        {
            return null;
        }
    }
}

/// <summary>A dead letter in a list: no message content, only what identifies it and why it failed.</summary>
public sealed record DeadLetter(string Id, string Status, string? MessageType, string? ControlId, string? Error, DateTimeOffset Recorded);

/// <summary>One dead letter with its ACK and the message as received.</summary>
public sealed record DeadLetterDetail(DeadLetter Letter, string? Ack, string? Message);

/// <summary>The result of a replay: the ACK code the message now has, and the ACK.</summary>
public sealed record ReplayAnswer(string Id, string Result, string? AckCode, string? Ack);
