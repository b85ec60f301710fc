using Leodis.Fhir.Rest;

namespace Leodis.Fhir.Import;

/// <summary>Turns an import's inputs (a file, or a folder of Bulk Data files) into the ordered list of files a job reads.</summary>
public static class ImportSource
{
    /// <summary>
    /// The file itself, or a folder's Type.ndjson and Type.NNN.ndjson files in name order (files whose name does not start
    /// with a resource type, such as an export's log.ndjson, are left out). Names are shown relative to <paramref name="nameRoot"/>.
    /// </summary>
    public static IReadOnlyList<ImportFile> Files(string path, string? type, string inputUrl, string nameRoot)
    {
        if (File.Exists(path))
        {
            return [new ImportFile(path, Name(path, nameRoot), type, new FileInfo(path).Length, inputUrl)];
        }

        if (!Directory.Exists(path))
        {
            throw FhirException.BadRequest($"There is no file or folder '{inputUrl}' to import.");
        }

        return Directory.GetFiles(path, "*.ndjson")
            .Order(StringComparer.Ordinal)
            .Select(file => (File: file, Type: Path.GetFileName(file).Split('.')[0]))
            .Where(f => Interaction.IsResourceType(f.Type) && (type is null || f.Type == type))
            .Select(f => new ImportFile(f.File, Name(f.File, nameRoot), type, new FileInfo(f.File).Length, inputUrl))
            .ToList();
    }

    private static string Name(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFileName(path) : relative.Replace('\\', '/');
    }
}
