using System.Collections;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;

namespace Leodis.Fhir.Patching;

/// <summary>
/// FHIRPath Patch (fhirpatch.html): add, insert, delete, replace and move, each located by a FHIRPath expression that
/// the Firely SDK evaluates on the resource. A malformed operation is a 400; one that cannot apply is a 422.
/// </summary>
public static class FhirPathPatch
{
    private static readonly ModelInspector Inspector = ModelInfo.ModelInspector;

    public static void Apply(Resource resource, Parameters patch)
    {
        foreach (var operation in patch.Parameter)
        {
            if (operation.Name != "operation")
            {
                throw FhirException.BadRequest($"A FHIRPath Patch has only 'operation' parameters, not '{operation.Name}'.");
            }

            ApplyOne(resource, operation);
        }
    }

    private static void ApplyOne(Resource resource, Parameters.ParameterComponent operation)
    {
        var type = PartText(operation, "type") ?? throw FhirException.BadRequest("A patch operation needs a type.");
        var path = PartText(operation, "path") ?? throw FhirException.BadRequest($"The {type} operation needs a path.");
        var targets = Select(resource, path);
        switch (type)
        {
            case "add":
            {
                var name = PartText(operation, "name") ?? throw FhirException.BadRequest("The add operation needs a name.");
                var parent = Single(targets, path);
                var mapping = Property(parent, name);
                var value = BuildValue(operation, mapping.ImplementingType, name);
                if (mapping.IsCollection)
                {
                    AddToList(parent, mapping, value);
                }
                else
                {
                    Set(parent, name, value);
                }

                break;
            }

            case "insert":
            {
                var (_, mapping, list) = ListAt(resource, path, targets);
                var index = PartInt(operation, "index");
                if (index < 0 || index > list.Count)
                {
                    throw FhirException.Unprocessable($"Index {index} is outside the list at '{path}'.");
                }

                list.Insert(index, BuildValue(operation, mapping.ImplementingType, mapping.Name));
                break;
            }

            case "delete":
                if (targets.Count == 0)
                {
                    return;
                }

                var (container, element, items, position) = Locate(resource, Single(targets, path), path);
                if (items is not null)
                {
                    items.RemoveAt(position);
                }
                else
                {
                    Set(container, element, null);
                }

                break;
            case "replace":
            {
                var (owner, name, list, index) = Locate(resource, Single(targets, path), path);
                var mapping = Property(owner, name);
                var value = BuildValue(operation, mapping.ImplementingType, name);
                if (list is not null)
                {
                    Assign(list, index, value, path);
                }
                else
                {
                    Set(owner, name, value);
                }

                break;
            }

            case "move":
            {
                var (_, _, list) = ListAt(resource, path, targets);
                var source = PartInt(operation, "source");
                var destination = PartInt(operation, "destination");
                if (source < 0 || source >= list.Count || destination < 0 || destination >= list.Count)
                {
                    throw FhirException.Unprocessable($"Move from {source} to {destination} is outside the list at '{path}'.");
                }

                var item = list[source];
                list.RemoveAt(source);
                list.Insert(destination, item);
                break;
            }

            default:
                throw FhirException.BadRequest($"'{type}' is not a FHIRPath Patch operation.");
        }
    }

    private static List<Base> Select(Resource resource, string path)
    {
        try
        {
            return resource.Select(path).OfType<Base>().ToList();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            throw FhirException.BadRequest($"'{path}' is not a FHIRPath expression this server can evaluate: {e.Message}");
        }
    }

    private static Base Single(List<Base> targets, string path) => targets.Count switch
    {
        1 => targets[0],
        0 => throw FhirException.Unprocessable($"'{path}' matches nothing in the resource."),
        _ => throw FhirException.Unprocessable($"'{path}' matches {targets.Count} elements; the operation needs exactly one."),
    };

    /// <summary>The list a path names: the path selects the list's items, so the list is found through its first item's owner.</summary>
    private static (Base Parent, PropertyMapping Mapping, IList List) ListAt(Resource resource, string path, List<Base> targets)
    {
        if (targets.Count == 0)
        {
            throw FhirException.Unprocessable($"'{path}' matches nothing in the resource.");
        }

        var (owner, name, list, _) = Locate(resource, targets[0], path);
        return list is null
            ? throw FhirException.Unprocessable($"'{path}' is not a list.")
            : (owner, Property(owner, name), list);
    }

    /// <summary>Finds where an element sits in the resource: its owner, the owner's property, and its place in a list.</summary>
    private static (Base Owner, string Name, IList? List, int Index) Locate(Base root, Base target, string path)
    {
        var location = ElementWalk.Descendants(root, root.TypeName).FirstOrDefault(e => ReferenceEquals(e.Element, target)).Location;
        if (location?.Owner is not { } owner)
        {
            throw FhirException.Unprocessable($"'{path}' does not name an element that can be changed.");
        }

        return location.Index is { } index && owner.TryGetValue(location.Name, out var value) && value is IList list
            ? (owner, location.Name, list, index)
            : (owner, location.Name, null, -1);
    }

    private static PropertyMapping Property(Base owner, string name) =>
        Inspector.FindOrImportClassMapping(owner.GetType())?.FindMappedElementByName(name)
        ?? throw FhirException.Unprocessable($"{owner.TypeName} has no element '{name}'.");

    private static void AddToList(Base owner, PropertyMapping mapping, Base value)
    {
        if (owner.TryGetValue(mapping.Name, out var existing) && existing is IList list)
        {
            list.Add(value);
            return;
        }

        // An empty list counts as no value, so the new list is set once it holds the value.
        var created = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(mapping.ImplementingType))!;
        created.Add(value);
        Set(owner, mapping.Name, created);
    }

    private static void Set(Base owner, string name, object? value)
    {
        try
        {
            owner.SetValue(name, value);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw FhirException.Unprocessable($"The value does not fit {owner.TypeName}.{name}: {e.Message}");
        }
    }

    private static void Assign(IList list, int index, Base value, string path)
    {
        try
        {
            list[index] = value;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException)
        {
            throw FhirException.Unprocessable($"The value does not fit '{path}': {e.Message}");
        }
    }

    /// <summary>The operation's value: a value[x], or parts that build a complex type (fhirpatch.html#datatypes).</summary>
    private static Base BuildValue(Parameters.ParameterComponent operation, Type targetType, string name)
    {
        var valuePart = operation.Part.FirstOrDefault(p => p.Name == "value")
            ?? throw FhirException.BadRequest($"The operation on '{name}' needs a value.");
        return Build(valuePart, targetType);
    }

    private static Base Build(Parameters.ParameterComponent part, Type targetType)
    {
        if (part.Value is { } value)
        {
            if (!targetType.IsInstanceOfType(value) && targetType.IsAssignableTo(typeof(PrimitiveType)) && value is PrimitiveType primitive)
            {
                // A code bound to an enum arrives as valueCode; rebuild it as the element's own primitive type.
                var converted = (PrimitiveType)Activator.CreateInstance(targetType)!;
                converted.JsonValue = primitive.JsonValue?.ToString();
                return converted;
            }

            return value;
        }

        var mapping = Inspector.FindOrImportClassMapping(targetType);
        if (mapping is null || mapping.IsPrimitive || part.Part.Count == 0)
        {
            throw FhirException.BadRequest($"The value for a {targetType.Name} needs either value[x] or parts.");
        }

        var instance = (Base)mapping.CreateInstance();
        foreach (var child in part.Part)
        {
            var property = mapping.FindMappedElementByName(child.Name ?? string.Empty)
                ?? throw FhirException.Unprocessable($"{mapping.Name} has no element '{child.Name}'.");
            var childValue = Build(child, property.ImplementingType);
            if (property.IsCollection)
            {
                AddToList(instance, property, childValue);
            }
            else
            {
                Set(instance, property.Name, childValue);
            }
        }

        return instance;
    }

    private static string? PartText(Parameters.ParameterComponent operation, string name) =>
        operation.Part.FirstOrDefault(p => p.Name == name)?.Value?.ToString();

    private static int PartInt(Parameters.ParameterComponent operation, string name) =>
        operation.Part.FirstOrDefault(p => p.Name == name)?.Value is Integer { Value: { } value }
            ? value
            : throw FhirException.BadRequest($"The operation needs '{name}' as an integer.");
}
