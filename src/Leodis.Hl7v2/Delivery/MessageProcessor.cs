using System.Net;
using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Rest;
using Leodis.Hl7v2.Er7;
using Leodis.Hl7v2.Mapping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leodis.Hl7v2.Delivery;

/// <summary>
/// Takes one received message to its ACK: store the raw text (committed), apply the message as one FHIR transaction
/// that also writes its MessageHeader, answer AA only after that commit. A re-send finds the MessageHeader and gets the
/// stored ACK again; a message that cannot be applied becomes a dead letter (AE); unreadable bytes get an AR.
/// An infrastructure failure (the store is down) throws: no ACK is sent, so the sender sends the message again.
/// </summary>
public sealed class MessageProcessor(
    FhirEngine engine,
    IOptions<Hl7v2Options> options,
    Hl7v2Counters counters,
    PatientLocks locks,
    DirectoryCache directory,
    TimeProvider clock,
    ILogger<MessageProcessor> logger)
{
    /// <summary>References are written relative, so the engine's base only names this server in bundles it builds.</summary>
    public const string BaseUrl = "http://localhost/fhir";

    private const int MaxAttempts = 4;

    /// <summary>Processes one message and returns the ACK to send.</summary>
    public async Task<string> ProcessAsync(string raw, CancellationToken ct)
    {
        using var ticket = counters.Receive();
        Er7Message message;
        try
        {
            message = Er7Message.Parse(raw);
        }
        catch (Er7ParseException e)
        {
            return await RejectAsync(raw, e, ct);
        }

        using var held = await locks.AcquireAsync(MessageMapper.PatientKeys(message, options.Value), ct);
        var id = MessageRecord.IdOf(message);
        var previous = await ReadAsync<MessageHeader>("MessageHeader", id, ct);
        if (previous is not null && MessageRecord.Text(previous, MessageRecord.AckUrl) is { } ack)
        {
            counters.Duplicate();
            Hl7v2Log.Duplicate(logger, Type(message), message.ControlId, MessageRecord.StatusOf(previous) == DeliveryStatus.Applied ? "AA" : "AE");
            return ack;
        }

        await StoreRawAsync(id, raw, compare: previous is not null, ct);
        return await ApplyAsync(message, id, previous, ct);
    }

    /// <summary>Applies a dead letter again (after the cause was fixed); its MessageHeader is replaced by the new outcome.</summary>
    public async Task<ReplayResult> ReplayAsync(string id, CancellationToken ct)
    {
        var header = await ReadAsync<MessageHeader>("MessageHeader", id, ct);
        var raw = await ReadAsync<Binary>("Binary", id, ct);
        if (header is null || raw?.Data is null)
        {
            return new ReplayResult(ReplayOutcome.NotFound, null);
        }

        if (MessageRecord.StatusOf(header) != DeliveryStatus.Failed)
        {
            return new ReplayResult(ReplayOutcome.NotReplayable, MessageRecord.Text(header, MessageRecord.AckUrl));
        }

        var message = Er7Message.Parse(System.Text.Encoding.UTF8.GetString(raw.Data));
        using var ticket = counters.Receive();
        using var held = await locks.AcquireAsync(MessageMapper.PatientKeys(message, options.Value), ct);
        var current = await ReadAsync<MessageHeader>("MessageHeader", id, ct);
        if (current is null || MessageRecord.StatusOf(current) != DeliveryStatus.Failed)
        {
            return new ReplayResult(ReplayOutcome.NotReplayable, current is null ? null : MessageRecord.Text(current, MessageRecord.AckUrl));
        }

        return new ReplayResult(ReplayOutcome.Replayed, await ApplyAsync(message, id, current, ct));
    }

    private async Task<string> ApplyAsync(Er7Message message, string id, MessageHeader? previous, CancellationToken ct)
    {
        var ifMatch = previous?.Meta?.VersionId is { } version ? $"W/\"{version}\"" : null;
        for (var attempt = 1; ; attempt++)
        {
            AckError error;
            try
            {
                var plan = await new MessageMapper(engine, options.Value, directory, BaseUrl).MapAsync(message, ct);
                var ack = Acknowledgement.For(message, Acknowledgement.Accepted, clock.GetLocalNow());
                var marker = MessageRecord.Header(id, message, DeliveryStatus.Applied, ack, null, plan.Focus);
                var request = new FhirRequest("POST", string.Empty, [], plan.ToTransaction(marker, ifMatch)) { PreferReturn = "minimal" };
                var response = await engine.ExecuteAsync(request, BaseUrl, ct);
                plan.Remember(response.Resource as Bundle, directory);
                counters.Applied();
                Hl7v2Log.Applied(logger, Type(message), message.ControlId, plan.Count);
                return ack;
            }
            catch (FhirException e) when (e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                // Someone changed a resource between our read and our write (If-Match failed): read it again and redo.
                Hl7v2Log.Retrying(logger, Type(message), message.ControlId, attempt);
                continue;
            }
            catch (MappingException e)
            {
                error = new AckError(e.ErrorCode, e.Message, e.Location);
            }
            catch (FhirException e)
            {
                error = new AckError("207", $"The FHIR store refused the message's writes ({(int)e.Status}): {e.Message}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Possibly a fault of ours, possibly the store: the dead-letter write below tells them apart, since it
                // throws (no ACK, the sender retries) when the store is what failed.
                Hl7v2Log.Unexpected(logger, Type(message), message.ControlId, e.GetType().Name, e);
                error = new AckError("207", "The message could not be applied: internal error.");
            }

            return await FailAsync(message, id, ifMatch, error, ct);
        }
    }

    private async Task<string> FailAsync(Er7Message message, string id, string? ifMatch, AckError error, CancellationToken ct)
    {
        var ack = Acknowledgement.For(message, Acknowledgement.Error, clock.GetLocalNow(), error);
        var header = MessageRecord.Header(id, message, DeliveryStatus.Failed, ack, error, []);
        await engine.ExecuteAsync(new FhirRequest("PUT", $"MessageHeader/{id}", [], header) { IfMatch = ifMatch, PreferReturn = "minimal" }, BaseUrl, ct);
        counters.Errored();
        Hl7v2Log.NotApplied(logger, Type(message), message.ControlId, error.Code, error.Location);
        return ack;
    }

    private async Task<string> RejectAsync(string raw, Er7ParseException e, CancellationToken ct)
    {
        counters.Rejected();
        Hl7v2Log.Rejected(logger, raw.Length, e.ErrorCode);
        var ack = Acknowledgement.Reject(LenientControlId(raw), clock.GetLocalNow(), new AckError(e.ErrorCode, e.Message));
        var id = MessageRecord.IdOfRejected(raw);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in new Resource[] { MessageRecord.Raw(id, raw), MessageRecord.Header(id, null, DeliveryStatus.Rejected, ack, new AckError(e.ErrorCode, e.Message), []) })
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{id}" },
            });
        }

        await engine.ExecuteAsync(new FhirRequest("POST", string.Empty, [], bundle) { PreferReturn = "minimal" }, BaseUrl, ct);
        return ack;
    }

    /// <summary>
    /// Stores the raw text as Binary/{id}. A message never seen (no MessageHeader) is written without a look first: only
    /// a crash between this write and the transaction leaves its Binary behind, and then the message gets a second
    /// version of the same text. A message with a header that carries no ACK is compared, and written when it differs.
    /// </summary>
    private async Task StoreRawAsync(string id, string raw, bool compare, CancellationToken ct)
    {
        if (compare && await ReadAsync<Binary>("Binary", id, ct) is { Data: { } data } && System.Text.Encoding.UTF8.GetString(data) == raw)
        {
            return;
        }

        await engine.ExecuteAsync(new FhirRequest("PUT", $"Binary/{id}", [], MessageRecord.Raw(id, raw)) { PreferReturn = "minimal" }, BaseUrl, ct);
    }

    private async Task<T?> ReadAsync<T>(string type, string id, CancellationToken ct)
        where T : Resource
    {
        try
        {
            return (await engine.ExecuteAsync(new FhirRequest("GET", $"{type}/{id}", []), BaseUrl, ct)).ResourceOrParsed() as T;
        }
        catch (FhirException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
    }

    /// <summary>MSH-10 of bytes that did not parse, if the start of them looks enough like an MSH to find it.</summary>
    private static string? LenientControlId(string raw)
    {
        var start = raw.IndexOf("MSH", StringComparison.Ordinal);
        if (start < 0 || raw.Length < start + 4)
        {
            return null;
        }

        var fields = raw[start..].Split('\r', '\n')[0].Split(raw[start + 3]);
        return fields.Length > 9 && fields[9].Length is > 0 and <= 199 && fields[9].All(c => !char.IsControl(c)) ? fields[9] : null;
    }

    private static string Type(Er7Message message) => $"{message.MessageCode}^{message.TriggerEvent}";
}

/// <summary>What a replay did, and the ACK the message now has.</summary>
public sealed record ReplayResult(ReplayOutcome Outcome, string? Ack);

public enum ReplayOutcome
{
    Replayed,
    NotFound,
    NotReplayable,
}
