namespace Leodis.Server.Demo;

/// <summary>Log messages of the demo data and the generate command: counts and timings only, never patient data.</summary>
internal static partial class DemoLog
{
    [LoggerMessage(1, LogLevel.Information, "Demo data: the store already holds patients; nothing loaded")]
    public static partial void StoreNotEmpty(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "Demo data: loading {Patients} synthetic patients (seed {Seed}, as of {ReferenceDate}) into the empty store; set Demo:Enabled=false to turn this off")]
    public static partial void Loading(ILogger logger, int patients, long seed, string referenceDate);

    [LoggerMessage(3, LogLevel.Information, "Demo data: loaded {Patients} synthetic patients ({Resources} resources) in {Seconds:F1} s")]
    public static partial void Loaded(ILogger logger, int patients, long resources, double seconds);

    [LoggerMessage(10, LogLevel.Information, "Demo data: {Patients} of {Total} patients loaded")]
    public static partial void LoadProgress(ILogger logger, int patients, int total);

    [LoggerMessage(4, LogLevel.Warning, "Demo data: stopped before finishing; the store holds part of the demo cohort")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(5, LogLevel.Error, "Demo data: loading failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "{Patients} patients, {Resources} resources written in {Seconds:F1} s")]
    public static partial void Progress(ILogger logger, int patients, long resources, double seconds);

    [LoggerMessage(7, LogLevel.Information, "Generating {Patients} patients from #{FirstPatient} (seed {Seed}, as of {ReferenceDate}) to {Target}")]
    public static partial void Generating(ILogger logger, int patients, int firstPatient, long seed, string referenceDate, string target);

    [LoggerMessage(8, LogLevel.Information, "Done: {Patients} patients, {Resources} resources in {Seconds:F1} s ({Rate:F0} resources/s)")]
    public static partial void Done(ILogger logger, int patients, long resources, double seconds, double rate);

    [LoggerMessage(9, LogLevel.Error, "Generation failed: {Message}")]
    public static partial void GenerationFailed(ILogger logger, string message);
}
