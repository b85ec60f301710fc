namespace Leodis.Hl7v2.Er7;

/// <summary>
/// One HL7 v2 message in ER7 ("pipe and hat") encoding, versions 2.3 to 2.8: its delimiters from MSH-1 and MSH-2
/// and its segments in order. Segment terminators are \r as the standard says, and \n or \r\n as files have them.
/// </summary>
public sealed class Er7Message
{
    private static readonly string[] Versions = ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8"];

    private Er7Message(Er7Delimiters delimiters, IReadOnlyList<Er7Segment> segments)
    {
        Delimiters = delimiters;
        Segments = segments;
        Header = segments[0];
    }

    public Er7Delimiters Delimiters { get; }

    public IReadOnlyList<Er7Segment> Segments { get; }

    /// <summary>The MSH segment.</summary>
    public Er7Segment Header { get; }

    /// <summary>MSH-9.1, for example ADT or ORU.</summary>
    public string MessageCode => Header[9, 1];

    /// <summary>MSH-9.2, for example A01; older ADT messages may leave it to EVN-1.</summary>
    public string TriggerEvent => Header[9, 2] is { Length: > 0 } trigger ? trigger : Segment("EVN")?[1] ?? string.Empty;

    /// <summary>MSH-10, the sender's id for this message, unique per sender.</summary>
    public string ControlId => Header[10];

    /// <summary>MSH-12.1, for example 2.4 or 2.5.1.</summary>
    public string Version => Header[12];

    public string SendingApplication => Header[3];

    public string SendingFacility => Header[4];

    /// <summary>MSH-11.1: P production, T training, D debugging.</summary>
    public string ProcessingId => Header[11];

    /// <summary>The first segment named <paramref name="name"/>, or null.</summary>
    public Er7Segment? Segment(string name) => Segments.FirstOrDefault(s => s.Name == name);

    /// <summary>Every segment named <paramref name="name"/>, in order.</summary>
    public IEnumerable<Er7Segment> All(string name) => Segments.Where(s => s.Name == name);

    /// <summary>The message as ER7 with \r terminators, exactly as its segments arrived.</summary>
    public string ToEr7() => string.Join('\r', Segments.Select(s => s.Raw)) + "\r";

    /// <summary>Reads a message; throws <see cref="Er7ParseException"/> (an AR) when it is not one this server can read.</summary>
    public static Er7Message Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length < 8 || !text.StartsWith("MSH", StringComparison.Ordinal))
        {
            throw new Er7ParseException("The message does not start with an MSH segment.");
        }

        var delimiters = ReadDelimiters(text);
        var segments = new List<Er7Segment>();
        foreach (var line in text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!IsSegmentName(line) || (line.Length > 3 && line[3] != delimiters.Field))
            {
                throw new Er7ParseException($"Segment {segments.Count + 1} does not start with a segment name and a field separator.");
            }

            if (segments.Count > 0 && line.StartsWith("MSH", StringComparison.Ordinal))
            {
                throw new Er7ParseException($"Segment {segments.Count + 1} is a second MSH: one frame holds one message.");
            }

            segments.Add(new Er7Segment(line, delimiters));
        }

        var message = new Er7Message(delimiters, segments);
        if (message.MessageCode.Length == 0)
        {
            throw new Er7ParseException("MSH-9 (message type) is empty.", "101");
        }

        if (message.ControlId.Length == 0)
        {
            throw new Er7ParseException("MSH-10 (message control id) is empty.", "101");
        }

        if (!Versions.Any(v => message.Version == v || message.Version.StartsWith(v + ".", StringComparison.Ordinal)))
        {
            throw new Er7ParseException("MSH-12 names a version this server does not read (2.3 to 2.8).", "203");
        }

        return message;
    }

    private static Er7Delimiters ReadDelimiters(string text)
    {
        var field = text[3];
        var end = text.IndexOf(field, 4);
        var encoding = end < 0 ? string.Empty : text[4..end];
        if (end < 0 || encoding.Length is < 4 or > 5)
        {
            throw new Er7ParseException("MSH-2 must hold four or five encoding characters.");
        }

        var all = field + encoding;
        if (all.Distinct().Count() != all.Length || all.Any(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new Er7ParseException("MSH-1 and MSH-2 must be distinct punctuation characters.");
        }

        return new Er7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3], encoding.Length == 5 ? encoding[4] : null);
    }

    private static bool IsSegmentName(string line) =>
        line.Length >= 3 && char.IsAsciiLetterUpper(line[0]) && (char.IsAsciiLetterUpper(line[1]) || char.IsAsciiDigit(line[1]))
        && (char.IsAsciiLetterUpper(line[2]) || char.IsAsciiDigit(line[2]));
}
