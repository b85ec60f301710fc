using System.Globalization;

namespace Leodis.Web.Wards;

/// <summary>The UI's one conversion to UK local time, and times as a ward in England reads them: UK local time (GMT or BST), dates as dd-Mmm-yyyy, times as HH:mm.</summary>
public static class LondonTime
{
    private static readonly TimeZoneInfo Zone = FindLondon();

    public static DateTimeOffset ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public static string Time(DateTimeOffset at) => ToLocal(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => ToLocal(at).ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>"14:05" today, else "03-Mar-2026 14:05", relative to <paramref name="now"/>.</summary>
    public static string DateTime(DateTimeOffset at, DateTimeOffset now) =>
        ToLocal(at).Date == ToLocal(now).Date ? Time(at) : $"{Date(at)} {Time(at)}";

    /// <summary>A length of stay as a ward says it: "9 h" on the first day, then whole days.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} {((int)span.TotalDays == 1 ? "day" : "days")}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h");
    }

    // Every Linux and Windows host has the zone; UTC only where no time zone data exists at all.
    private static TimeZoneInfo FindLondon()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
