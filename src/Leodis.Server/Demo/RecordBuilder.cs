using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>
/// Collects the resources of one transaction bundle. Each resource gets an id from the seeded stream, its UK Core
/// profile in meta.profile and the HTEST security label, and goes in as a PUT to Type/id, so loading the same bundle
/// twice leaves the same resources (idempotent) and references can be plain "Type/id" everywhere: in bundles, in NDJSON
/// and on the server.
/// </summary>
internal sealed class RecordBuilder(DemoRandom random)
{
    private readonly List<Resource> resources = [];

    public IReadOnlyList<Resource> Resources => resources;

    /// <summary>Gives the resource an id and its meta, and adds it to the bundle.</summary>
    public T Add<T>(T resource, string? profile)
        where T : Resource
    {
        resource.Id = random.NextGuid().ToString();
        resource.Meta = new Meta
        {
            Profile = profile is null ? [] : [UkCore.Profile(profile)],
            Security = [new Coding(UkCore.ActReason, "HTEST", "test health data")],
        };
        resources.Add(resource);
        return resource;
    }

    public static ResourceReference Ref(Resource resource, string? display = null) =>
        new($"{resource.TypeName}/{resource.Id}", display);

    public Bundle ToBundle()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{resource.Id}",
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        return bundle;
    }
}
