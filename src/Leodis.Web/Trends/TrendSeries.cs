namespace Leodis.Web.Trends;

/// <summary>The values of one measurement over time, oldest first (a blood pressure has two: systolic and diastolic).</summary>
public sealed record TrendSeries(string Name, IReadOnlyList<TrendPoint> Points);
