using System.Globalization;
using System.Text.RegularExpressions;

namespace Leodis.Fhir.Search;

/// <summary>
/// A FHIR date, dateTime or instant as the half-open range of UTC instants its precision covers: "2024" is the whole
/// year, "2024-03-01T10:00Z" one minute. Values without a zone are taken as UTC (search.html#date).
/// </summary>
public readonly partial record struct DateRange(long Low, long High)
{
    public static readonly long Max = DateTimeOffset.MaxValue.UtcTicks;

    public static readonly long Min = DateTimeOffset.MinValue.UtcTicks;

    public static bool TryParse(string? text, out DateRange range)
    {
        range = default;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = Int(match, "y");
        var month = match.Groups["m"].Success ? Int(match, "m") : 1;
        var day = match.Groups["d"].Success ? Int(match, "d") : 1;
        var hour = match.Groups["h"].Success ? Int(match, "h") : 0;
        var minute = match.Groups["min"].Success ? Int(match, "min") : 0;
        var second = match.Groups["s"].Success ? Int(match, "s") : 0;
        var fraction = match.Groups["f"].Success ? decimal.Parse("0." + match.Groups["f"].Value, CultureInfo.InvariantCulture) : 0m;
        var offset = TimeSpan.Zero;
        if (match.Groups["z"].Success && match.Groups["z"].Value != "Z")
        {
            var z = match.Groups["z"].Value;
            offset = new TimeSpan(int.Parse(z[1..3], CultureInfo.InvariantCulture), int.Parse(z[4..6], CultureInfo.InvariantCulture), 0);
            offset = z[0] == '-' ? -offset : offset;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 60)
        {
            return false;
        }

        DateTimeOffset start;
        try
        {
            start = new DateTimeOffset(year, month, day, 0, 0, 0, offset).AddHours(hour).AddMinutes(minute).AddSeconds(Math.Min(second, 59));
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        start = start.AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
        DateTimeOffset end;
        if (!match.Groups["m"].Success)
        {
            end = start.AddYears(1);
        }
        else if (!match.Groups["d"].Success)
        {
            end = start.AddMonths(1);
        }
        else if (!match.Groups["h"].Success)
        {
            end = start.AddDays(1);
        }
        else if (!match.Groups["s"].Success)
        {
            end = start.AddMinutes(1);
        }
        else if (!match.Groups["f"].Success)
        {
            end = start.AddSeconds(1);
        }
        else
        {
            // As precise as written: 10:00:00.5 covers half a second's tenth; at least one tick.
            end = start.AddTicks(Math.Max(1, (long)(TimeSpan.TicksPerSecond / Math.Pow(10, match.Groups["f"].Length))));
        }

        range = new DateRange(start.UtcTicks, end.UtcTicks);
        return true;
    }

    /// <summary>A Period: open ends reach to the beginning or end of time.</summary>
    public static DateRange Period(string? start, string? end)
    {
        var low = TryParse(start, out var s) ? s.Low : Min;
        var high = TryParse(end, out var e) ? e.High : Max;
        return new DateRange(low, high);
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2})(T(?<h>\d{2}):(?<min>\d{2})(:(?<s>\d{2})(\.(?<f>\d{1,9}))?)?(?<z>Z|[+-]\d{2}:\d{2})?)?)?)?$")]
    private static partial Regex Pattern();
}
