namespace Leodis.Web.Trends;

/// <summary>One value of a trend; <see cref="Flag"/> is H, L, HH, LL or A when abnormal, else null.</summary>
public sealed record TrendPoint(DateTimeOffset When, decimal Value, string? Flag, string? FlagWords);
