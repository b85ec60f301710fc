using Microsoft.Extensions.Logging;

namespace Leodis.Hl7v2;

/// <summary>The feed's log lines: control ids, message types, counts and positions only, never patient data.</summary>
internal static partial class Hl7v2Log
{
    [LoggerMessage(1, LogLevel.Information, "HL7 v2 MLLP listener on {Endpoint} (TLS {Tls})")]
    public static partial void Listening(ILogger logger, string endpoint, bool tls);

    [LoggerMessage(2, LogLevel.Error, "HL7 v2 MLLP listener could not bind {Endpoint}; the feed is off")]
    public static partial void BindFailed(ILogger logger, string endpoint, Exception error);

    [LoggerMessage(3, LogLevel.Debug, "HL7 v2 {MessageType} {ControlId} applied ({Writes} writes)")]
    public static partial void Applied(ILogger logger, string messageType, string controlId, int writes);

    [LoggerMessage(4, LogLevel.Warning, "HL7 v2 {MessageType} {ControlId} not applied: error {Code} at {Location}")]
    public static partial void NotApplied(ILogger logger, string messageType, string controlId, string code, string? location);

    [LoggerMessage(5, LogLevel.Warning, "HL7 v2 message rejected as unreadable ({Length} characters): error {Code}")]
    public static partial void Rejected(ILogger logger, int length, string code);

    [LoggerMessage(6, LogLevel.Information, "HL7 v2 {MessageType} {ControlId} is a re-send; answered {Ack} again")]
    public static partial void Duplicate(ILogger logger, string messageType, string controlId, string ack);

    [LoggerMessage(7, LogLevel.Error, "HL7 v2 {MessageType} {ControlId} failed unexpectedly ({ErrorType}); no ACK sent")]
    public static partial void Unexpected(ILogger logger, string messageType, string controlId, string errorType, Exception error);

    [LoggerMessage(8, LogLevel.Warning, "HL7 v2 connection from {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string remote, string reason);

    [LoggerMessage(9, LogLevel.Information, "HL7 v2 {MessageType} {ControlId} conflicted with a concurrent write; attempt {Attempt}")]
    public static partial void Retrying(ILogger logger, string messageType, string controlId, int attempt);
}
