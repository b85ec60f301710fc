using System.Globalization;

namespace Leodis.Server.Demo;

/// <summary>
/// Clock times in Leeds (GMT, or BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October), worked out here rather than from the machine's time zone data so output is the same on every machine.
/// </summary>
public static class LondonTime
{
    /// <summary>Midnight at the start of <paramref name="date"/> in Leeds, as an instant.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>The instant a Leeds wall clock shows <paramref name="time"/> on <paramref name="date"/>.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var guess = new DateTimeOffset(local, TimeSpan.Zero);
        var offset = OffsetAt(guess);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The same instant with the offset a Leeds clock has then.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(OffsetAt(instant));

    /// <summary>An instant as a FHIR dateTime to the second, with the Leeds offset ("2026-07-01T14:30:00+01:00").</summary>
    public static string Format(DateTimeOffset instant) =>
        ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeSpan OffsetAt(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var start = LastSunday(utc.Year, 3).AddHours(1);
        var end = LastSunday(utc.Year, 10).AddHours(1);
        return utc >= start && utc < end ? TimeSpan.FromHours(1) : TimeSpan.Zero;
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
