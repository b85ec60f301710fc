using System.Collections;
using Hl7.Fhir.Model;

namespace Leodis.Fhir;

/// <summary>Every element of a FHIR tree, depth first, each with where it sits; the path text is built only when asked.</summary>
public static class ElementWalk
{
    public static IEnumerable<(Base Element, ElementLocation Location)> Descendants(Base root, string rootPath)
    {
        var stack = new Stack<(Base, ElementLocation)>();
        stack.Push((root, new ElementLocation(null, null, rootPath, null)));
        while (stack.Count > 0)
        {
            var (element, location) = stack.Pop();
            yield return (element, location);
            foreach (var (name, value) in element.EnumerateElements())
            {
                if (value is IList list)
                {
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        if (list[i] is Base child)
                        {
                            stack.Push((child, new ElementLocation(location, element, name, i)));
                        }
                    }
                }
                else if (value is Base child)
                {
                    stack.Push((child, new ElementLocation(location, element, name, null)));
                }
            }
        }
    }
}

/// <summary>
/// Where an element sits: its parent's location, the parent element that owns it, its name there, and its index when
/// the element repeats.
/// </summary>
public sealed record ElementLocation(ElementLocation? Parent, Base? Owner, string Name, int? Index)
{
    public override string ToString() =>
        (Parent is null ? Name : $"{Parent}.{Name}") + (Index is { } i ? $"[{i}]" : string.Empty);
}
