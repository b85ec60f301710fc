namespace Leodis.Hl7v2.Delivery;

/// <summary>What became of a received message, as recorded on its MessageHeader (meta.tag).</summary>
public enum DeliveryStatus
{
    /// <summary>Applied: its FHIR writes committed together with the record (ACK AA).</summary>
    Applied,

    /// <summary>Parsed but not applied (ACK AE): a dead letter, which can be replayed.</summary>
    Failed,

    /// <summary>Not readable as HL7 v2 (ACK AR): a dead letter kept for inspection.</summary>
    Rejected,
}
