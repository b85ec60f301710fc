using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Delivery;

/// <summary>
/// How a received message is kept in the FHIR store. The raw text is a Binary, written and committed before anything
/// else happens; the outcome is a MessageHeader with the same id, written in the same transaction as the message's
/// effects (applied) or on its own (dead letter). Both ids derive from sender + MSH-10, so "this message was applied"
/// is exactly "its MessageHeader exists with status applied", and a re-sent message finds its first answer there.
/// </summary>
public static class MessageRecord
{
    public const string StatusSystem = "https://leodis.example/fhir/CodeSystem/hl7v2-delivery-status";
    public const string ExtensionBase = "https://leodis.example/fhir/StructureDefinition/hl7v2-";
    public const string AckUrl = ExtensionBase + "ack";
    public const string ControlIdUrl = ExtensionBase + "control-id";
    public const string MessageTypeUrl = ExtensionBase + "message-type";
    public const string ErrorUrl = ExtensionBase + "error";
    public const string ContentType = "x-application/hl7-v2+er7";
    private const string EventSystem = "http://terminology.hl7.org/CodeSystem/v2-0003";

    /// <summary>The id of a message's Binary and MessageHeader: a hash of sending application, facility and MSH-10.</summary>
    public static string IdOf(Er7Message message) =>
        "m-" + Hash($"{message.SendingApplication}|{message.SendingFacility}|{message.ControlId}");

    /// <summary>The id of an unreadable message's records: a hash of its bytes, so the same garbage is kept once.</summary>
    public static string IdOfRejected(string raw) => "r-" + Hash(raw);

    public static Binary Raw(string id, string raw) => new()
    {
        Id = id,
        ContentType = ContentType,
        Data = Encoding.UTF8.GetBytes(raw),
    };

    public static MessageHeader Header(string id, Er7Message? message, DeliveryStatus status, string ack, AckError? error, IEnumerable<string> focus)
    {
        var header = new MessageHeader
        {
            Id = id,
            Meta = new Meta { Tag = [new Coding(StatusSystem, Code(status))] },
            Event = message is null
                ? new Coding(StatusSystem, "unreadable")
                : new Coding(EventSystem, message.TriggerEvent.Length > 0 ? message.TriggerEvent : message.MessageCode),
            Source = new MessageHeader.MessageSourceComponent
            {
                Name = message?.SendingApplication,
                Endpoint = "urn:leodis:hl7v2:" + Uri.EscapeDataString($"{message?.SendingApplication}|{message?.SendingFacility}"),
            },
            Response = new MessageHeader.ResponseComponent
            {
                Identifier = id,
                Code = status == DeliveryStatus.Applied ? MessageHeader.ResponseType.Ok : MessageHeader.ResponseType.FatalError,
            },
            Focus = [new ResourceReference($"Binary/{id}"), .. focus.Select(f => new ResourceReference(f))],
        };
        header.Extension.Add(new Extension(AckUrl, new FhirString(ack)));
        if (message is not null)
        {
            header.Extension.Add(new Extension(ControlIdUrl, new FhirString(message.ControlId)));
            header.Extension.Add(new Extension(MessageTypeUrl, new FhirString($"{message.MessageCode}^{message.TriggerEvent}")));
        }

        if (error is not null)
        {
            header.Extension.Add(new Extension(ErrorUrl, new FhirString($"{error.Code} {error.Location} {error.Text}".Replace("  ", " ", StringComparison.Ordinal))));
        }

        return header;
    }

    public static DeliveryStatus? StatusOf(MessageHeader header) =>
        header.Meta?.Tag.FirstOrDefault(t => t.System == StatusSystem)?.Code switch
        {
            "applied" => DeliveryStatus.Applied,
            "failed" => DeliveryStatus.Failed,
            "rejected" => DeliveryStatus.Rejected,
            _ => null,
        };

    public static string? Text(MessageHeader header, string url) => (header.GetExtension(url)?.Value as FhirString)?.Value;

    public static string Code(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Applied => "applied",
        DeliveryStatus.Failed => "failed",
        _ => "rejected",
    };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
}
