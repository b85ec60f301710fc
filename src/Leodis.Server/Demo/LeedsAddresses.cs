using System.Globalization;
using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A Leeds postcode district and the part of the city it covers.</summary>
internal sealed record PostcodeDistrict(string Outward, string Area);

/// <summary>
/// Leeds-looking home addresses and telephone numbers. Streets are made from Leeds place and street names, so a
/// made-up address may happen to exist; postcodes are well formed for their district. Telephone numbers come only
/// from Ofcom's ranges kept for drama (0113 496 0000-0999, 07700 900000-900999), so none of them rings anyone.
/// </summary>
internal static class LeedsAddresses
{
    public static readonly IReadOnlyList<PostcodeDistrict> Districts =
    [
        new("LS4", "Burley"), new("LS5", "Kirkstall"), new("LS6", "Headingley"), new("LS7", "Chapel Allerton"),
        new("LS8", "Roundhay"), new("LS9", "Burmantofts"), new("LS10", "Middleton"), new("LS11", "Beeston"),
        new("LS12", "Armley"), new("LS13", "Bramley"), new("LS14", "Seacroft"), new("LS15", "Cross Gates"),
        new("LS16", "Adel"), new("LS17", "Moortown"), new("LS18", "Horsforth"), new("LS19", "Yeadon"),
        new("LS20", "Guiseley"), new("LS21", "Otley"), new("LS22", "Wetherby"), new("LS25", "Garforth"),
        new("LS26", "Rothwell"), new("LS27", "Morley"), new("LS28", "Pudsey"),
    ];

    private static readonly string[] StreetNames =
    [
        "Abbey", "Airedale", "Allerton", "Ash", "Beech", "Beckett", "Brudenell", "Burley", "Cardigan", "Chapel", "Church",
        "Cliff", "Cross", "Elmwood", "Fern", "Gledhow", "Grange", "Hawthorn", "Highbury", "Hollin", "Holly", "Kirkstall",
        "Lidgett", "Manor", "Meanwood", "Mill", "Moor", "Oak", "Otley", "Park", "Potternewton", "Providence", "Queens",
        "Raynville", "Regent", "School", "Spen", "Stainbeck", "Station", "Sugarwell", "Tower", "Victoria", "Waterloo",
        "Wellington", "Woodhouse", "York", "Harehills", "Sholebroke", "Cowper", "Bankside",
    ];

    private static readonly string[] StreetKinds =
    [
        "Road", "Street", "Avenue", "Grove", "Crescent", "Close", "Lane", "Mount", "Terrace", "Drive", "Gardens", "View",
        "Walk", "Way", "Place", "Rise", "Court",
    ];

    // The letters a postcode's last two characters may use (Royal Mail leaves out C, I, K, M, O and V).
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    public static Address Home(DemoRandom random, out PostcodeDistrict district)
    {
        district = random.Pick(Districts);
        var line = $"{random.Between(1, 180)} {random.Pick(StreetNames)} {random.Pick(StreetKinds)}";
        return Address(line, district, Postcode(random, district), Hl7.Fhir.Model.Address.AddressUse.Home);
    }

    public static Address Address(string line, PostcodeDistrict district, string postcode, Address.AddressUse use) => new()
    {
        Use = use,
        Type = Hl7.Fhir.Model.Address.AddressType.Both,
        Line = [line, district.Area],
        City = "LEEDS",
        District = "West Yorkshire",
        PostalCode = postcode,
        Country = "GB",
    };

    public static string Postcode(DemoRandom random, PostcodeDistrict district) =>
        string.Create(CultureInfo.InvariantCulture, $"{district.Outward} {random.Between(1, 9)}{InwardLetters[random.Next(InwardLetters.Length)]}{InwardLetters[random.Next(InwardLetters.Length)]}");

    public static string Street(DemoRandom random) => $"{random.Pick(StreetNames)} {random.Pick(StreetKinds)}";

    public static string Landline(DemoRandom random) => string.Create(CultureInfo.InvariantCulture, $"0113 496 {random.Next(1000):D4}");

    public static string Mobile(DemoRandom random) => string.Create(CultureInfo.InvariantCulture, $"07700 900{random.Next(1000):D3}");
}
