using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A ward: its Location, the specialty it belongs to, its beds, the site it is on and its nurse in charge.</summary>
internal sealed record Ward(Location Location, Specialty Specialty, IReadOnlyList<Location> Beds, Location Site, Clinician NurseInCharge);
