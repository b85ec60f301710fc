namespace Leodis.Server.Import;

/// <summary>Log messages of bulk import: job ids, counts and timings, never file contents or resource data.</summary>
internal static partial class ImportLog
{
    [LoggerMessage(1, LogLevel.Information, "Import {JobId}: started ({Files} files, resuming at file {FileIndex})")]
    public static partial void Started(ILogger logger, string jobId, int files, int fileIndex);

    [LoggerMessage(2, LogLevel.Information, "Import {JobId}: {Status}, {Loaded} resources loaded, {Errors} lines refused, in {Seconds:F1} s")]
    public static partial void Finished(ILogger logger, string jobId, string status, long loaded, long errors, double seconds);

    [LoggerMessage(3, LogLevel.Error, "Import {JobId}: failed")]
    public static partial void Failed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Import {JobId}: stopped with the server; it resumes at the next start")]
    public static partial void Stopped(ILogger logger, string jobId);

    [LoggerMessage(5, LogLevel.Error, "Import: could not look for jobs to run")]
    public static partial void PollFailed(ILogger logger, Exception exception);
}
