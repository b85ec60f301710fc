using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// Places and people named in a message: a PL (ward, room, bed, facility) as Locations, the bed part of the ward;
/// an XCN (staff code and name) as a Practitioner. Each is created once, found again by its identifier.
/// </summary>
internal sealed class DirectoryMapper(MappingContext context)
{
    private const string PhysicalType = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    /// <summary>The ward and, when given, the bed of a PL, as Encounter.location references (ward first).</summary>
    public List<ResourceReference> Locations(Er7Field pl)
    {
        var facility = pl[4];
        var ward = pl[1];
        if (ward.Length == 0)
        {
            return [];
        }

        var wardPath = string.Join("/", new[] { facility, ward }.Where(p => p.Length > 0));
        var wardName = V2Types.NullIfEmpty(pl[9]) ?? ward;
        var result = new List<ResourceReference> { Location(wardPath, wardName, "wa", null) };
        if (pl[3] is { Length: > 0 } bed)
        {
            var bedPath = string.Join("/", new[] { wardPath, pl[2], bed }.Where(p => p.Length > 0));
            result.Add(Location(bedPath, $"{wardName} bed {bed}", "bd", result[0]));
        }

        return result;
    }

    /// <summary>The Practitioner of an XCN, or null when it carries no staff code.</summary>
    public ResourceReference? Practitioner(Er7Field xcn)
    {
        var code = xcn[1].Trim();
        if (code.Length == 0)
        {
            return null;
        }

        var identifier = new Identifier(context.Options.PractitionerSystem, code);
        var name = new HumanName { Family = V2Types.NullIfEmpty(xcn[2]), Given = new[] { xcn[3], xcn[4] }.Where(g => g.Length > 0).ToList() };
        if (xcn[6] is { Length: > 0 } prefix)
        {
            name.Prefix = [prefix];
        }

        var practitioner = new Practitioner { Identifier = [identifier], Active = true };
        if (name.Family is not null || name.Given.Any())
        {
            practitioner.Name = [name];
        }

        return new ResourceReference(Find(practitioner, MessagePlan.ByIdentifier(identifier)))
        {
            Identifier = identifier,
            Display = name.Family is null ? null : string.Join(" ", name.Prefix.Concat(name.Given).Append(name.Family)),
        };
    }

    private ResourceReference Location(string path, string name, string physicalType, ResourceReference? partOf)
    {
        var identifier = new Identifier(context.Options.LocationSystem, path);
        var location = new Location
        {
            Identifier = [identifier],
            Status = Hl7.Fhir.Model.Location.LocationStatus.Active,
            Name = name,
            Mode = Hl7.Fhir.Model.Location.LocationMode.Instance,
            PhysicalType = new CodeableConcept(PhysicalType, physicalType, physicalType == "wa" ? "Ward" : "Bed"),
        };
        if (partOf is not null)
        {
            location.PartOf = new ResourceReference(partOf.Reference);
        }

        return new ResourceReference(Find(location, MessagePlan.ByIdentifier(identifier)))
        {
            Identifier = identifier,
            Display = name,
        };
    }

    /// <summary>The reference of the one resource with this identifier: known from an earlier message, else created unless it exists.</summary>
    private string Find(Resource resource, string criteria) =>
        context.Directory.Find(MessagePlan.KeyOf(resource, criteria)) ?? context.Plan.CreateUnlessExists(resource, criteria, isDirectory: true);
}
