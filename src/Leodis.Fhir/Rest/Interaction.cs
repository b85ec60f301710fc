using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace Leodis.Fhir.Rest;

/// <summary>The FHIR RESTful interactions (http.html) the engine distinguishes.</summary>
public enum InteractionKind
{
    Capabilities,
    Read,
    VRead,
    Update,
    Patch,
    Delete,
    Create,
    HistoryInstance,
    HistoryType,
    HistorySystem,
    SearchType,
    SearchSystem,
    Batch,
    ConditionalUpdate,
    ConditionalPatch,
    ConditionalDelete,
    SearchCompartment,
    Everything,
    Reindex,
}

/// <summary>A request's method and path, resolved to an interaction with its resource type, id and version.</summary>
public sealed partial record Interaction(
    InteractionKind Kind, string? ResourceType = null, string? Id = null, long? VersionId = null, string? CompartmentType = null)
{
    private static readonly HashSet<string> ResourceTypes = new(ModelInfo.SupportedResources, StringComparer.Ordinal);

    public static bool IsResourceType(string type) => ResourceTypes.Contains(type);

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>The interaction for a method and a path relative to the base; unknown paths are 404, wrong methods 405.</summary>
    public static Interaction Parse(string method, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var get = method is "GET" or "HEAD";
        switch (segments)
        {
            case []:
                return method == "POST" ? new(InteractionKind.Batch) : get ? new(InteractionKind.SearchSystem) : NotAllowed(method, path);
            case ["metadata"]:
                return get ? new(InteractionKind.Capabilities) : NotAllowed(method, path);
            case ["_history"]:
                return get ? new(InteractionKind.HistorySystem) : NotAllowed(method, path);
            case ["_search"]:
                return method == "POST" ? new(InteractionKind.SearchSystem) : NotAllowed(method, path);
            case ["$reindex"]:
                return method == "POST" ? new(InteractionKind.Reindex) : NotAllowed(method, path);
            case [var t, "$reindex"] when IsResourceType(t):
                return method == "POST" ? new(InteractionKind.Reindex, t) : NotAllowed(method, path);
        }

        var type = segments[0];
        if (type.StartsWith('$') || !IsResourceType(type))
        {
            throw FhirException.NotFound($"'{type}' is not a resource type or operation this server supports.");
        }

        if (segments.Length == 1)
        {
            return method switch
            {
                "POST" => new(InteractionKind.Create, type),
                "PUT" => new(InteractionKind.ConditionalUpdate, type),
                "PATCH" => new(InteractionKind.ConditionalPatch, type),
                "DELETE" => new(InteractionKind.ConditionalDelete, type),
                _ when get => new(InteractionKind.SearchType, type),
                _ => NotAllowed(method, path),
            };
        }

        switch (segments[1])
        {
            case "_history" when segments.Length == 2:
                return get ? new(InteractionKind.HistoryType, type) : NotAllowed(method, path);
            case "_search" when segments.Length == 2:
                return method == "POST" ? new(InteractionKind.SearchType, type) : NotAllowed(method, path);
        }

        var id = segments[1];
        if (segments.Length == 3 && IsValidId(id) && get && segments[2] == "$everything" && type == "Patient")
        {
            return new(InteractionKind.Everything, type, id);
        }

        if (segments.Length == 3 && IsValidId(id) && (segments[2] == "*" || IsResourceType(segments[2])) &&
            Search.CompartmentDefinitions.Default.IsCompartment(type))
        {
            return get || method == "POST"
                ? new(InteractionKind.SearchCompartment, segments[2] == "*" ? null : segments[2], id, null, type)
                : NotAllowed(method, path);
        }

        if (id.StartsWith('$'))
        {
            throw FhirException.NotFound($"The operation '{id}' is not supported.");
        }

        if (!IsValidId(id))
        {
            throw FhirException.BadRequest($"'{id}' is not a valid resource id.");
        }

        switch (segments.Length)
        {
            case 2:
                return method switch
                {
                    "PUT" => new(InteractionKind.Update, type, id),
                    "PATCH" => new(InteractionKind.Patch, type, id),
                    "DELETE" => new(InteractionKind.Delete, type, id),
                    _ when get => new(InteractionKind.Read, type, id),
                    _ => NotAllowed(method, path),
                };
            case 3 when segments[2] == "_history":
                return get ? new(InteractionKind.HistoryInstance, type, id) : NotAllowed(method, path);
            case 4 when segments[2] == "_history":
                if (!long.TryParse(segments[3], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                {
                    throw FhirException.NotFound($"'{segments[3]}' is not a version of {type}/{id}.");
                }

                return get ? new(InteractionKind.VRead, type, id, version) : NotAllowed(method, path);
            default:
                throw FhirException.NotFound($"'{path}' is not a FHIR endpoint this server supports.");
        }
    }

    private static Interaction NotAllowed(string method, string path) =>
        throw FhirException.NotSupported($"{method} is not allowed on '{(path.Length == 0 ? "/" : path)}'.");

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();
}
