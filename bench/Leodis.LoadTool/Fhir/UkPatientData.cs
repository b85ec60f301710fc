namespace Leodis.LoadTool.Fhir;

/// <summary>Made-up but UK-shaped values for generated patients: common names, Leeds streets and postcodes, GP practices.</summary>
internal static class UkPatientData
{
    public static readonly string[] FamilyNames =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan",
        "Hussain", "Ahmed", "Kaur", "Singh", "Murphy", "O'Brien", "Kowalski", "Nowak", "Okafor", "Mensah", "Hughes",
        "Lewis", "Harrison", "Atkinson", "Sutcliffe", "Booth", "Holroyd", "Ackroyd",
    ];

    public static readonly string[] FemaleGivenNames =
    [
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Freya", "Lily", "Sophie", "Emily", "Margaret", "Jean",
        "Susan", "Patricia", "Aisha", "Fatima", "Zara", "Priya", "Siobhan", "Agnieszka", "Joan", "Dorothy",
    ];

    public static readonly string[] MaleGivenNames =
    [
        "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie", "John", "David",
        "Peter", "Michael", "Ibrahim", "Yusuf", "Arjun", "Declan", "Tomasz", "Kwame", "Stanley", "Derek",
    ];

    public static readonly (string Street, string Postcode, string District)[] Addresses =
    [
        ("Kirkstall Road", "LS3 1HS", "Kirkstall"), ("Otley Road", "LS6 3AA", "Headingley"),
        ("Roundhay Road", "LS8 5AN", "Harehills"), ("Dewsbury Road", "LS11 6PF", "Beeston"),
        ("York Road", "LS9 9AA", "Burmantofts"), ("Tong Road", "LS12 4NQ", "Armley"),
        ("Harrogate Road", "LS17 6PA", "Moortown"), ("Selby Road", "LS15 7AY", "Cross Gates"),
        ("Stonegate Road", "LS6 4HZ", "Meanwood"), ("Street Lane", "LS8 2ET", "Roundhay"),
        ("Town Street", "LS28 5LD", "Pudsey"), ("Bradford Road", "LS28 6AR", "Stanningley"),
        ("Wakefield Road", "LS26 0SB", "Rothwell"), ("Leeds Road", "LS21 1BS", "Otley"),
        ("Chapeltown Road", "LS7 3HY", "Chapeltown"), ("Hyde Park Road", "LS6 1AH", "Hyde Park"),
        ("Tadcaster Road", "LS24 9JF", "Tadcaster"), ("Westgate", "LS20 8HH", "Guiseley"),
    ];

    public static readonly (string Ods, string Name)[] GpPractices =
    [
        ("B86001", "Kirkstall Lane Medical Centre"), ("B86002", "Park Edge Practice"), ("B86003", "Oakwood Surgery"),
        ("B86004", "Beeston Village Surgery"), ("B86005", "Chapeltown Family Surgery"), ("B86006", "Armley Medical Practice"),
        ("B86007", "Meanwood Health Centre"), ("B86008", "Pudsey Health Centre"), ("B86009", "Rothwell Health Centre"),
    ];

    /// <summary>Codes of https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland.</summary>
    public static readonly (string Code, string Display)[] EthnicCategories =
    [
        ("A", "White - British"), ("B", "White - Irish"), ("C", "White - Any other White background"),
        ("H", "Asian or Asian British - Indian"), ("J", "Asian or Asian British - Pakistani"),
        ("M", "Black or Black British - Caribbean"), ("N", "Black or Black British - African"),
        ("R", "Other Ethnic Groups - Chinese"), ("Z", "Not stated"),
    ];

    public static readonly (string Code, string Display)[] ContactRelationships =
    [
        ("N", "Next-of-Kin"), ("C", "Emergency Contact"),
    ];
}
