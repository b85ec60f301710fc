namespace Leodis.LoadTool.Measurement;

/// <summary>
/// CPU and memory over the measured window. CPU percentages are of one core (200 = two cores busy); the machine's is of
/// all cores. Server figures are null without --server-pid.
/// </summary>
public sealed record ResourceUsage(
    double? ServerCpuPercent,
    long? ServerPeakRssBytes,
    long? ServerHighWaterMarkBytes,
    double? LoadToolCpuPercent,
    double? MachineBusyPercent,
    int Cores);
