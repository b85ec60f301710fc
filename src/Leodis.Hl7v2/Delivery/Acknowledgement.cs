using System.Globalization;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Delivery;

/// <summary>
/// The ACK this server answers with (original acknowledgement mode): AA applied, AE parsed but not applied (with an ERR
/// segment giving the table 0357 code, the location and the reason), AR not readable as a message at all.
/// </summary>
public static class Acknowledgement
{
    public const string Accepted = "AA";
    public const string Error = "AE";
    public const string Rejected = "AR";

    public static string For(Er7Message message, string code, DateTimeOffset now, AckError? error = null) =>
        Build(
            message.Delimiters,
            header: message.Header,
            trigger: message.TriggerEvent,
            version: message.Version,
            controlId: message.ControlId,
            code,
            now,
            error);

    /// <summary>An AR for bytes that are not a message: the header fields are taken from whatever MSH could be read.</summary>
    public static string Reject(string? controlId, DateTimeOffset now, AckError error) =>
        Build(Er7Delimiters.Default, header: null, trigger: string.Empty, version: "2.4", controlId ?? string.Empty, Rejected, now, error);

    private static string Build(
        Er7Delimiters delimiters, Er7Segment? header, string trigger, string version, string controlId, string code, DateTimeOffset now, AckError? error)
    {
        var writer = new Er7Writer(delimiters with { Truncation = null });
        writer.Header(
            Components(header?.Field(5)),
            Components(header?.Field(6)),
            Components(header?.Field(3)),
            Components(header?.Field(4)),
            now.ToString("yyyyMMddHHmmsszzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal),
            string.Empty,
            new Er7Value("ACK", trigger, "ACK"),
            Guid.NewGuid().ToString("N")[..20],
            header?[11] is { Length: > 0 } processing ? processing : "P",
            version);
        writer.Segment("MSA", code, controlId, error?.Text ?? string.Empty);
        if (error is not null)
        {
            var location = (error.Location ?? string.Empty).Split('^');
            var erl = new Er7Value(location.Concat(Enumerable.Repeat(string.Empty, 3)).Take(3).ToArray());
            if (string.CompareOrdinal(version, "2.5") < 0)
            {
                // v2.3 and v2.4 carry the whole error in ERR-1 (ELD): segment^sequence^field^code&text.
                writer.Segment("ERR", new Er7Value(erl.Components[0], erl.Components[1], erl.Components[2], error.Code));
            }
            else
            {
                writer.Segment("ERR", string.Empty, erl, new Er7Value(error.Code, error.Text, "HL70357"), "E", string.Empty, string.Empty, string.Empty, error.Text);
            }
        }

        return writer.ToString();
    }

    private static Er7Value Components(Er7Field? field) =>
        field is { IsEmpty: false } f ? new Er7Value([f[1], f[2], f[3]]) : new Er7Value(string.Empty);
}

/// <summary>Why a message got an AE or AR: HL7 table 0357 code, location (SEG^seq^field) and a reason free of patient data.</summary>
public sealed record AckError(string Code, string Text, string? Location = null);
