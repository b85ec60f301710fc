using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool;

/// <summary>What a run measured: each operation's recordings, the length of the measured window and resource usage in it.</summary>
public sealed record RunResult(IReadOnlyList<OperationRecorder> Operations, TimeSpan Measured, ResourceUsage Usage);
