namespace Leodis.Hl7v2.Er7;

/// <summary>
/// A message that cannot be read as ER7 (the answer is an AR). <see cref="ErrorCode"/> is from HL7 table 0357 and the
/// message names positions only, never content, so it is safe to log.
/// </summary>
public sealed class Er7ParseException : Exception
{
    public Er7ParseException()
    {
    }

    public Er7ParseException(string message)
        : base(message)
    {
    }

    public Er7ParseException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public Er7ParseException(string message, string errorCode)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>HL7 table 0357: 100 segment sequence error, 102 data type error, 203 unsupported version, ...</summary>
    public string ErrorCode { get; } = "100";
}
