using System.Text.Json.Serialization;

namespace Leodis.Fhir.Import;

/// <summary>
/// What an import job has to do and how far it got, stored as JSON with the job and rewritten in the transaction of
/// every chunk: the cursor is the file and byte offset after the last line committed, so a resumed job starts there.
/// </summary>
public sealed record ImportJobState
{
    public List<ImportFile> Files { get; init; } = [];

    /// <summary>The input source the client named (Bulk Data Import's inputSource), echoed in the result.</summary>
    public string? InputSource { get; init; }

    public int FileIndex { get; init; }

    public long Offset { get; init; }

    /// <summary>The number of the last line read in the current file.</summary>
    public long Line { get; init; }

    /// <summary>Resources loaded so far, per type.</summary>
    public Dictionary<string, long> Loaded { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Lines refused so far; each has an entry in the error report.</summary>
    public long Errors { get; init; }

    /// <summary>Why the job failed, when it did.</summary>
    public string? Message { get; init; }

    [JsonIgnore]
    public long LoadedTotal => Loaded.Values.Sum();

    [JsonIgnore]
    /// <summary>Bytes of input behind the cursor, out of all the files' bytes.</summary>
    public (long Done, long Total) Bytes =>
        (Files.Take(FileIndex).Sum(f => f.Length) + (FileIndex < Files.Count ? Offset : 0), Files.Sum(f => f.Length));
}
