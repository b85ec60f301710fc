using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>Everything a mapper needs for one message: the message, the settings, the record as it stands, the plan.</summary>
internal sealed class MappingContext(Er7Message message, Hl7v2Options options, V2Types types, RecordLookup lookup, DirectoryCache directory)
{
    public Er7Message Message { get; } = message;

    public Hl7v2Options Options { get; } = options;

    public V2Types Types { get; } = types;

    public RecordLookup Lookup { get; } = lookup;

    /// <summary>Ids of Locations and Practitioners earlier messages found or made.</summary>
    public DirectoryCache Directory { get; } = directory;

    public MessagePlan Plan { get; } = new();

    /// <summary>When the event happened: EVN-6, else EVN-2, else MSH-7 (FHIR dateTime).</summary>
    public string? EventTime =>
        Types.DateTime(Message.Segment("EVN")?[6] ?? string.Empty)
        ?? Types.DateTime(Message.Segment("EVN")?[2] ?? string.Empty)
        ?? Types.DateTime(Message.Header[7]);

    /// <summary>The segment a mapper cannot do without.</summary>
    public Er7Segment Require(string name) =>
        Message.Segment(name) ?? throw new MappingException($"A {Message.MessageCode}^{Message.TriggerEvent} needs a {name} segment.", "100", name);

    /// <summary>An identifier for a Practitioner, Location or order: system by kind, value as sent.</summary>
    public static Identifier Identifier(string system, string value) => new(system, value);
}

/// <summary>A patient as this message sees it: the resource (new or as stored) and the reference other resources use.</summary>
internal sealed record PatientRecord(Patient Patient, string Reference, bool IsNew);
