using System.Buffers;
using Leodis.LoadTool.Fhir;
using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool;

/// <summary>
/// What one worker owns and reuses from request to request: its random source, a buffer to drain responses into,
/// a Patient writer and its recorders. Nothing here is shared, so nothing here is locked.
/// </summary>
public sealed class WorkerContext(int index, int seed) : IDisposable
{
    private readonly Dictionary<string, OperationRecorder> recorders = new(StringComparer.Ordinal);

    public int Index { get; } = index;

    public Random Random { get; } = new(HashCode.Combine(seed, index));

    /// <summary>Response bodies are read into this and dropped, so a response costs no allocation of its size.</summary>
    public byte[] DrainBuffer { get; } = new byte[64 * 1024];

    /// <summary>Where a response is kept when a scenario reads it (batch responses); reused from request to request.</summary>
    public ArrayBufferWriter<byte> ResponseBody { get; } = new(64 * 1024);

    public PatientWriter Patients { get; } = new();

    public IEnumerable<OperationRecorder> Recorders => recorders.Values;

    public void Dispose() => Patients.Dispose();

    public void Record(in RequestOutcome outcome, long elapsedTicks)
    {
        if (!recorders.TryGetValue(outcome.Operation, out var recorder))
        {
            recorder = new OperationRecorder(outcome.Operation);
            recorders.Add(outcome.Operation, recorder);
        }

        recorder.Record(outcome, elapsedTicks);
    }
}
