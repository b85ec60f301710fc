using Hl7.Fhir.Model;
using Leodis.Fhir;

namespace Leodis.Server.Tests.RealData;

/// <summary>Compares a resource as sent with the resource as stored, apart from what the server assigns: id and meta.versionId/lastUpdated.</summary>
public static class StoredContent
{
    /// <summary>Clears id, meta.versionId and meta.lastUpdated (and meta, if nothing else is in it); changes the resource itself.</summary>
    public static Resource WithoutServerFields(Resource resource)
    {
        resource.Id = null;
        if (resource.Meta is { } meta)
        {
            meta.VersionId = null;
            meta.LastUpdated = null;
            if (!meta.EnumerateElements().Any())
            {
                resource.Meta = null;
            }
        }

        return resource;
    }

    /// <summary>
    /// The two are the same as JSON once the server's fields are gone. JSON rather than IsExactly, so that a decimal
    /// losing its precision (1.50 to 1.5) counts as a difference; a failure shows where they part.
    /// </summary>
    public static void AssertSame(Resource sent, Resource stored, string what) =>
        AssertSame(FhirFormat.ToJson(WithoutServerFields(sent)), stored, what);

    /// <summary>As <see cref="AssertSame(Resource, Resource, string)"/>, with the sent resource already as JSON without the server's fields.</summary>
    public static void AssertSame(string expected, Resource stored, string what)
    {
        var actual = FhirFormat.ToJson(WithoutServerFields(stored));
        if (expected == actual)
        {
            return;
        }

        var at = expected.Zip(actual).TakeWhile(pair => pair.First == pair.Second).Count();
        var from = Math.Max(0, at - 120);
        throw new Xunit.Sdk.XunitException(
            $"{what} differs at character {at}.\n" +
            $"sent:   ...{expected[from..Math.Min(expected.Length, at + 120)]}\n" +
            $"stored: ...{actual[from..Math.Min(actual.Length, at + 120)]}");
    }
}
