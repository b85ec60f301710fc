using System.Text;
using Leodis.Fhir;

namespace Leodis.Server.Demo;

/// <summary>
/// One transaction bundle per file: hospital.json, then patient-0000000.json and so on, each ready to POST to a FHIR
/// base. File names sort in load order.
/// </summary>
public sealed class BundleFolderSink : ICohortSink
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly string folder;

    public BundleFolderSink(string folder)
    {
        this.folder = folder;
        Directory.CreateDirectory(folder);
    }

    public Task WriteAsync(CohortBundle bundle, CancellationToken ct) =>
        File.WriteAllTextAsync(Path.Combine(folder, bundle.Name + ".json"), FhirFormat.ToJson(bundle.Bundle), Utf8, ct);

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
