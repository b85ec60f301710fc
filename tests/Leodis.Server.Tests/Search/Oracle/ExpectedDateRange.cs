using System.Globalization;
using System.Text.RegularExpressions;

namespace Leodis.Server.Tests.Search.Oracle;

/// <summary>
/// A date, dateTime or instant as the half-open range of instants its precision covers (search.html#date): "2013" is
/// the whole year, "2013-12-11T13:55:57+00:00" one second. No zone means UTC, as the server documents. Written for the
/// tests, apart from the engine's own parser, so the two can disagree.
/// </summary>
public readonly partial record struct ExpectedDateRange(DateTimeOffset Low, DateTimeOffset High)
{
    public static ExpectedDateRange? Parse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            return null;
        }

        int Part(string name, int absent) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : absent;
        var zone = match.Groups["zone"].Value;
        var offset = zone is "" or "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(zone[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (zone[0] == '-' ? -1 : 1);
        var low = new DateTimeOffset(Part("year", 0), Part("month", 1), Part("day", 1), Part("hour", 0), Part("minute", 0), Part("second", 0), offset);
        var fraction = match.Groups["fraction"].Value;
        if (fraction.Length > 0)
        {
            low = low.AddTicks((long)(decimal.Parse("0." + fraction, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
        }

        var high = match switch
        {
            _ when !match.Groups["month"].Success => low.AddYears(1),
            _ when !match.Groups["day"].Success => low.AddMonths(1),
            _ when !match.Groups["hour"].Success => low.AddDays(1),
            _ when !match.Groups["second"].Success => low.AddMinutes(1),
            _ when fraction.Length == 0 => low.AddSeconds(1),
            _ => low.AddTicks(Math.Max(1, TimeSpan.TicksPerSecond / (long)Math.Pow(10, Math.Min(fraction.Length, 7)))),
        };
        return new ExpectedDateRange(low.ToUniversalTime(), high.ToUniversalTime());
    }

    /// <summary>A Period; a missing end reaches to the end of time and a missing start from its beginning.</summary>
    public static ExpectedDateRange Period(string? start, string? end) =>
        new(Parse(start)?.Low ?? DateTimeOffset.MinValue, Parse(end)?.High ?? DateTimeOffset.MaxValue);

    /// <summary>Whether this value (the resource's) satisfies the search value under the prefix, as the table in search.html#prefix says.</summary>
    public bool Satisfies(string prefix, ExpectedDateRange search)
    {
        var within = Low >= search.Low && High <= search.High;
        return prefix switch
        {
            "eq" => within,
            "ne" => !within,
            "gt" => High > search.High,
            "lt" => Low < search.Low,
            "ge" => High > search.High || within,
            "le" => Low < search.Low || within,
            "sa" => Low >= search.High,
            "eb" => High <= search.Low,
            _ => throw new ArgumentException($"The prefix '{prefix}' has no exact meaning here; test 'ap' loosely.", nameof(prefix)),
        };
    }

    public bool Overlaps(DateTimeOffset low, DateTimeOffset high) => Low < high && High > low;

    [GeneratedRegex(@"^(?<year>\d{4})(-(?<month>\d{2})(-(?<day>\d{2})(T(?<hour>\d{2}):(?<minute>\d{2})(:(?<second>\d{2})(\.(?<fraction>\d+))?)?(?<zone>Z|[+-]\d{2}:\d{2})?)?)?)?$")]
    private static partial Regex Pattern();
}
