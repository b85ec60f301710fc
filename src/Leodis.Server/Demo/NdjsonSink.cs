using System.Text;
using Leodis.Fhir;

namespace Leodis.Server.Demo;

/// <summary>
/// Resources as NDJSON (one resource per line, as FHIR Bulk Data writes them): either one file for everything, or a
/// folder with a Type.ndjson file per resource type. References are plain Type/id, so the files load in any order.
/// </summary>
public sealed class NdjsonSink : ICohortSink
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly string folder;
    private readonly StreamWriter? single;
    private readonly SortedDictionary<string, StreamWriter> byType = new(StringComparer.Ordinal);

    private NdjsonSink(string folder, StreamWriter? single)
    {
        this.folder = folder;
        this.single = single;
    }

    /// <summary>Every resource in one file.</summary>
    public static NdjsonSink ToFile(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent)
        {
            Directory.CreateDirectory(parent);
        }

        return new NdjsonSink(string.Empty, Open(path));
    }

    /// <summary>A Type.ndjson file per resource type in <paramref name="folder"/>.</summary>
    public static NdjsonSink ToFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        return new NdjsonSink(folder, null);
    }

    public async Task WriteAsync(CohortBundle bundle, CancellationToken ct)
    {
        foreach (var resource in bundle.Bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Resource>())
        {
            var writer = single ?? Writer(resource.TypeName);
            await writer.WriteAsync(FhirFormat.ToJson(resource).AsMemory(), ct);
            await writer.WriteAsync("\n".AsMemory(), ct);
        }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        foreach (var writer in byType.Values.Append(single).OfType<StreamWriter>())
        {
            await writer.FlushAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in byType.Values.Append(single).OfType<StreamWriter>())
        {
            await writer.DisposeAsync();
        }
    }

    private StreamWriter Writer(string type)
    {
        if (!byType.TryGetValue(type, out var writer))
        {
            writer = Open(Path.Combine(folder, type + ".ndjson"));
            byType[type] = writer;
        }

        return writer;
    }

    private static StreamWriter Open(string path) => new(path, append: false, Utf8, bufferSize: 1 << 16);
}
