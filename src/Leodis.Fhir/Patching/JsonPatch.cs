using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leodis.Fhir.Patching;

/// <summary>
/// JSON Patch (RFC 6902) applied to a resource's JSON. A malformed patch document is a 400; a patch that cannot be
/// applied to this resource (a missing path, a failed test) is a 422.
/// </summary>
public static class JsonPatch
{
    public static string Apply(string documentJson, string patchJson)
    {
        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(patchJson) as JsonArray
                ?? throw FhirException.BadRequest("A JSON Patch document is an array of operations.");
        }
        catch (JsonException e)
        {
            throw FhirException.BadRequest($"The JSON Patch document is not valid JSON: {e.Message}");
        }

        var document = JsonNode.Parse(documentJson)!;
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw FhirException.BadRequest($"Operation {i} is not a JSON object.");
            }

            document = ApplyOne(document, operation, i);
        }

        return document.ToJsonString();
    }

    private static JsonNode ApplyOne(JsonNode document, JsonObject operation, int index)
    {
        var op = Text(operation, "op", index);
        var path = Text(operation, "path", index);
        switch (op)
        {
            case "add":
                return Add(document, path, Value(operation, index));
            case "remove":
                Remove(document, path);
                return document;
            case "replace":
                Remove(document, path);
                return Add(document, path, Value(operation, index));
            case "move":
            {
                var from = Text(operation, "from", index);
                if (path.StartsWith(from + "/", StringComparison.Ordinal))
                {
                    throw FhirException.BadRequest($"Operation {index} moves '{from}' into itself.");
                }

                var value = Get(document, from).DeepClone();
                Remove(document, from);
                return Add(document, path, value);
            }

            case "copy":
                return Add(document, path, Get(document, Text(operation, "from", index)).DeepClone());
            case "test":
                if (!JsonNode.DeepEquals(Get(document, path), Value(operation, index)))
                {
                    throw FhirException.Unprocessable($"Test of '{path}' failed (operation {index}).");
                }

                return document;
            default:
                throw FhirException.BadRequest($"'{op}' is not a JSON Patch operation (operation {index}).");
        }
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw FhirException.Unprocessable("The whole resource cannot be replaced with null.");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array:
                var position = ArrayIndex(array, last, path, allowEnd: true);
                array.Insert(position, value);
                break;
            default:
                throw Missing(path);
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        if (path.Length == 0)
        {
            throw FhirException.Unprocessable("The whole resource cannot be removed.");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray array:
                array.RemoveAt(ArrayIndex(array, last, path, allowEnd: false));
                break;
            default:
                throw Missing(path);
        }
    }

    private static JsonNode Get(JsonNode document, string path)
    {
        if (path.Length == 0)
        {
            return document;
        }

        var (parent, last) = Parent(document, path);
        return parent switch
        {
            JsonObject obj when obj.TryGetPropertyValue(last, out var v) && v is not null => v,
            JsonArray array => array[ArrayIndex(array, last, path, allowEnd: false)] ?? throw Missing(path),
            _ => throw Missing(path),
        };
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        if (!path.StartsWith('/'))
        {
            throw FhirException.BadRequest($"'{path}' is not a JSON Pointer.");
        }

        var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = document;
        foreach (var token in tokens[..^1])
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) && child is not null => child,
                JsonArray array => array[ArrayIndex(array, token, path, allowEnd: false)] ?? throw Missing(path),
                _ => throw Missing(path),
            };
        }

        return (node, tokens[^1]);
    }

    private static int ArrayIndex(JsonArray array, string token, string path, bool allowEnd)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
            (token.Length > 1 && token[0] == '0') ||
            index > array.Count || (!allowEnd && index == array.Count))
        {
            throw Missing(path);
        }

        return index;
    }

    private static string Text(JsonObject operation, string name, int index) =>
        operation[name] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw FhirException.BadRequest($"Operation {index} needs '{name}' as a string.");

    private static JsonNode? Value(JsonObject operation, int index) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw FhirException.BadRequest($"Operation {index} needs a 'value'.");

    private static FhirException Missing(string path) => FhirException.Unprocessable($"The path '{path}' does not exist in the resource.");
}
