namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// A message that parsed but cannot be applied (the answer is an AE). <see cref="ErrorCode"/> is from HL7 table 0357;
/// <see cref="Location"/> names the segment and field (for example PV1^1^19). The text never quotes patient data.
/// </summary>
public sealed class MappingException : Exception
{
    public MappingException()
    {
    }

    public MappingException(string message)
        : base(message)
    {
    }

    public MappingException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public MappingException(string message, string errorCode, string? location = null)
        : base(message)
    {
        ErrorCode = errorCode;
        Location = location;
    }

    /// <summary>100 segment sequence, 101 required field missing, 103 table value not found, 200/201 unsupported
    /// message type/event, 204 unknown key identifier, 205 duplicate key, 206 application record locked, 207 internal error.</summary>
    public string ErrorCode { get; } = "207";

    public string? Location { get; }
}
