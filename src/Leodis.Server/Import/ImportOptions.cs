namespace Leodis.Server.Import;

/// <summary>
/// Settings of bulk NDJSON import ($import and the import command). $import reads only files under <see cref="Root"/>.
/// </summary>
public sealed record ImportOptions
{
    public const string Section = "Import";

    /// <summary>The folder $import may read from; relative to the working directory. Nothing outside it is ever opened.</summary>
    public string Root { get; init; } = "import";

    /// <summary>Resources per chunk: each chunk is one transaction together with the job's progress.</summary>
    public int ChunkSize { get; init; } = 2000;

    /// <summary>How long a runner's claim on a job lasts without renewal; a job whose runner died resumes after this.</summary>
    public int LeaseSeconds { get; init; } = 30;

    public string RootPath => Path.GetFullPath(Root);
}
