using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Fhir.Import;
using Leodis.Fhir.Rest;

namespace Leodis.Server.Import;

/// <summary>
/// Reads a $import Parameters resource (FHIR Bulk Data Import draft: inputFormat, inputSource, repeated input parts with
/// type and url) into the files of a job. A url is a file:// URL or a path, of a file or a folder of Type.ndjson files,
/// and must lie under the import root; anything else is a 400.
/// </summary>
public static class ImportRequest
{
    public const string NdjsonFormat = "application/fhir+ndjson";

    public static ImportJobState Read(Resource? body, string root)
    {
        if (body is not Parameters parameters)
        {
            throw FhirException.BadRequest("$import takes a Parameters resource with input parts (type, url).");
        }

        if (parameters.GetSingleValue<DataType>("inputFormat") is { } format && Text(format) != NdjsonFormat)
        {
            throw FhirException.BadRequest($"inputFormat must be {NdjsonFormat}.", "Parameters.parameter[inputFormat]");
        }

        var inputs = parameters.Get("input").ToList();
        if (inputs.Count == 0)
        {
            throw FhirException.BadRequest("$import needs at least one input part with a url.", "Parameters.parameter[input]");
        }

        var files = new List<ImportFile>();
        foreach (var input in inputs)
        {
            var url = Part(input, "url") ?? throw FhirException.BadRequest("Each input needs a url.", "Parameters.parameter[input].part[url]");
            var type = Part(input, "type");
            if (type is not null && !Interaction.IsResourceType(type))
            {
                throw FhirException.BadRequest($"'{type}' is not a resource type.", "Parameters.parameter[input].part[type]");
            }

            files.AddRange(ImportSource.Files(LocalPath(url, root), type, url, root));
        }

        // A symbolic link under the root may point anywhere: what is read must really lie under the root.
        var realRoot = RealPath(root);
        if (files.Any(f => !IsUnder(RealPath(f.Path), realRoot)))
        {
            throw OutsideRoot();
        }

        if (files.Count == 0)
        {
            throw FhirException.BadRequest("The inputs name no NDJSON files (a folder is read for Type.ndjson files).", "Parameters.parameter[input]");
        }

        return new ImportJobState { Files = files, InputSource = parameters.GetSingleValue<DataType>("inputSource") is { } source ? Text(source) : null };
    }

    /// <summary>The full path of a file:// URL or a path (relative ones from the root), refused unless it lies under the root.</summary>
    public static string LocalPath(string url, string root)
    {
        string path;
        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
            {
                throw FhirException.BadRequest($"'{url}' is not a local file URL.", "Parameters.parameter[input].part[url]");
            }

            path = uri.LocalPath;
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var other) && other.Scheme.Length > 1 && !Path.IsPathRooted(url))
        {
            throw FhirException.BadRequest($"This server imports only files under its import root, not {other.Scheme} URLs.", "Parameters.parameter[input].part[url]");
        }
        else
        {
            path = url;
        }

        var full = Path.GetFullPath(Path.Combine(root, path));
        return IsUnder(full, Path.GetFullPath(root)) ? full : throw OutsideRoot();
    }

    private static bool IsUnder(string path, string root)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        return path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link along it followed.</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var real = Path.GetPathRoot(full)!;
        foreach (var segment in full[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            real = Path.Combine(real, segment);
            FileSystemInfo entry = Directory.Exists(real) ? new DirectoryInfo(real) : new FileInfo(real);
            if (entry.LinkTarget is not null && entry.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                real = RealPath(target.FullName);
            }
        }

        return real;
    }

    private static FhirException OutsideRoot() => FhirException.Of(
        System.Net.HttpStatusCode.Forbidden,
        OperationOutcome.IssueType.Security,
        "The url is outside the folder this server imports from (Import:Root).",
        "Parameters.parameter[input].part[url]");

    private static string? Part(Parameters.ParameterComponent input, string name) =>
        input.Part.FirstOrDefault(p => p.Name == name)?.Value is { } value ? Text(value) : null;

    private static string? Text(DataType value) => value switch
    {
        PrimitiveType primitive => primitive.ToString(),
        _ => null,
    };
}
