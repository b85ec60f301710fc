namespace Leodis.Web.Observations;

/// <summary>The patient's latest NEWS2 and when its set was taken, as the eObs page shows it before a new set.</summary>
public sealed record EobsHistory(News2Score? Score, DateTimeOffset TakenAt);
